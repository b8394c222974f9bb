package conf_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

const defaults = `
server:
  http:
    addr: ${HTTP_ADDR:0.0.0.0:8000}
    timeout: 1s
  grpc:
    addr: 0.0.0.0:9000
data:
  database:
    driver: sqlite
    source: data/user.db
`

func TestDefaultsApplyWithoutAConfigFolder(t *testing.T) {
	bc, c, err := conf.Load([]byte(defaults), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := bc.GetServer().GetHttp().GetAddr(); got != "0.0.0.0:8000" {
		t.Errorf("http addr = %q, want the placeholder's default", got)
	}
	if got := bc.GetServer().GetHttp().GetTimeout().AsDuration(); got != time.Second {
		t.Errorf("http timeout = %v", got)
	}
}

func TestFilesOverrideDefaultsAndEnvironmentFillsPlaceholders(t *testing.T) {
	dir := t.TempDir()
	override := "data:\n  database:\n    driver: postgres\n    source: postgres://db/user\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(override), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("APP_HTTP_ADDR", "127.0.0.1:18000")

	bc, c, err := conf.Load([]byte(defaults), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	db := bc.GetData().GetDatabase()
	if db.GetDriver() != "postgres" || db.GetSource() != "postgres://db/user" {
		t.Errorf("database = %v, want the file's values", db)
	}
	if got := bc.GetServer().GetGrpc().GetAddr(); got != "0.0.0.0:9000" {
		t.Errorf("grpc addr = %q, want the default kept", got)
	}
	if got := bc.GetServer().GetHttp().GetAddr(); got != "127.0.0.1:18000" {
		t.Errorf("http addr = %q, want APP_HTTP_ADDR", got)
	}
}

func TestBadConfigurationIsANamedError(t *testing.T) {
	if _, _, err := conf.Load([]byte(defaults), filepath.Join(t.TempDir(), "missing")); !errors.Is(err, conf.ErrConfigDir) {
		t.Errorf("missing folder: error = %v, want ErrConfigDir", err)
	}
	if _, _, err := conf.Load([]byte("server: [unclosed"), ""); !errors.Is(err, conf.ErrConfigLoad) {
		t.Errorf("bad yaml: error = %v, want ErrConfigLoad", err)
	}
	if _, _, err := conf.Load([]byte("server:\n  http:\n    timeout: soon\n"), ""); !errors.Is(err, conf.ErrConfigLoad) {
		t.Errorf("bad duration: error = %v, want ErrConfigLoad", err)
	}
}
