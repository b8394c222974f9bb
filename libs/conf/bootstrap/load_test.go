package bootstrap_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/config"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/conf/bootstrap"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosconfig"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// Each source sets the (sample) hours it knows, so the result tells which sources were used.
const (
	defaults = "log:\n  level: info\nsettings:\n  hours:\n    earliest_hour: 6\n    latest_hour: 20\n    max_weeks_ahead: 2\n"
	// The file knows earliest and latest hours; Nacos knows the earliest hour only.
	fileValues  = "settings:\n  hours:\n    earliest_hour: 7\n    latest_hour: 21\n"
	nacosValues = "settings:\n  hours:\n    earliest_hour: 9\n"
)

// confDir writes a -conf folder with the file values and this bootstrap section.
func confDir(t *testing.T, bootstrapSection string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(fileValues+bootstrapSection), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func nacosSection(srv *nacostest.Server, source, dataID string) string {
	return "config:\n  source: " + source + "\n  nacos:\n    data_id: " + dataID + "\n" +
		"registry:\n  kind: nacos\n  nacos:\n    servers: [\"" + addr(srv) + "\"]\n    group: kratos\n    timeout: 0.5s\n"
}

func addr(srv *nacostest.Server) string {
	return "127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)
}

// sdkDir is a fresh folder for the SDK's snapshots: one left by another test would stand in
// for an unreachable Nacos.
func sdkDir(t *testing.T) bootstrap.Option {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "bootstrap-test", t.Name())
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	return bootstrap.WithSDKDir(dir)
}

func load(t *testing.T, dir string) (*conf.Bootstrap, config.Config) {
	t.Helper()
	bc, c, err := bootstrap.Load("trainer", []byte(defaults), dir, sdkDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return bc, c
}

// hours reads the sample values from the settings section, which the libraries keep as it is.
func hours(bc *conf.Bootstrap) [2]int32 {
	h := bc.GetSettings().GetFields()["hours"].GetStructValue().GetFields()
	return [2]int32{int32(h["earliest_hour"].GetNumberValue()), int32(h["latest_hour"].GetNumberValue())}
}

func TestEachModeLoadsTheSourcesItNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		source string
		dataID string
		down   bool
		want   [2]int32
	}{
		{"file ignores Nacos", conf.SourceFile, "trainer.yaml", false, [2]int32{7, 21}},
		{"nacos ignores the files", conf.SourceNacos, "trainer.yaml", false, [2]int32{9, 20}},
		{"fallback: Nacos over the files, files where Nacos lacks keys", conf.SourceNacosWithFileFallback, "trainer.yaml", false, [2]int32{9, 21}},
		{"fallback: files when Nacos lacks the data id", conf.SourceNacosWithFileFallback, "absent.yaml", false, [2]int32{7, 21}},
		{"fallback: files when Nacos is down", conf.SourceNacosWithFileFallback, "trainer.yaml", true, [2]int32{7, 21}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := nacostest.Start(t)
			srv.Publish("", "kratos", "trainer.yaml", nacosValues)
			if tt.down {
				srv.Stop()
			}
			bc, _ := load(t, confDir(t, nacosSection(srv, tt.source, tt.dataID)))
			if got := hours(bc); got != tt.want {
				t.Errorf("earliest, latest hour = %v, want %v", got, tt.want)
			}
			if tt.source == conf.SourceFile && srv.Connections() != 0 {
				t.Errorf("the file mode connected to Nacos")
			}
			// The bootstrap sections always come from the files.
			if bc.GetConfig().GetSource() != tt.source || bc.GetRegistry().GetNacos().GetGroup() != "kratos" {
				t.Errorf("bootstrap sections = %v / %v, want the files'", bc.GetConfig(), bc.GetRegistry())
			}
		})
	}
}

func TestNoConfigSectionIsTheFileMode(t *testing.T) {
	t.Parallel()
	bc, _ := load(t, confDir(t, ""))
	if got := hours(bc); got != [2]int32{7, 21} {
		t.Errorf("earliest, latest hour = %v, want the files'", got)
	}
}

// waitListening waits until the SDK's listen request reached Nacos and settled; see
// nacostest.Server.Listeners for why a change published right after it could be missed.
func waitListening(t *testing.T, srv *nacostest.Server, group, dataID string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, at := srv.Listeners("", group, dataID)
		if n > 0 && time.Since(at) > 200*time.Millisecond {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listener for %s/%s", group, dataID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func awaitValue(t *testing.T, c config.Config, key string, want int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got, err := c.Value(key).Int()
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %d (%v), want %d within %v", key, got, err, want, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A service started on its files because Nacos lacked the data id takes Nacos' values as soon
// as someone publishes them, without a restart.
func TestFallbackFollowsNacosOncePublished(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	bc, c := load(t, confDir(t, nacosSection(srv, conf.SourceNacosWithFileFallback, "trainer.yaml")))
	if got := hours(bc); got != [2]int32{7, 21} {
		t.Fatalf("at start: earliest, latest hour = %v, want the files'", got)
	}
	waitListening(t, srv, "kratos", "trainer.yaml")
	srv.Publish("", "kratos", "trainer.yaml", nacosValues)
	awaitValue(t, c, "settings.hours.earliest_hour", 9, 5*time.Second)
	if got, _ := c.Value("settings.hours.latest_hour").Int(); got != 21 {
		t.Errorf("hours.latest_hour = %d, want the file's 21 kept", got)
	}
}

// Acceptance: in the nacos mode a change published in Nacos reaches the running config within 5 s.
func TestNacosModeFollowsPublishedChanges(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	srv.Publish("", "kratos", "trainer.yaml", nacosValues)
	_, c := load(t, confDir(t, nacosSection(srv, conf.SourceNacos, "trainer.yaml")))
	waitListening(t, srv, "kratos", "trainer.yaml")
	srv.Publish("", "kratos", "trainer.yaml", "settings:\n  hours:\n    earliest_hour: 10\n")
	awaitValue(t, c, "settings.hours.earliest_hour", 10, 5*time.Second)
}

func TestConfigurationThatCannotLoadIsANamedError(t *testing.T) {
	t.Parallel()
	up := nacostest.Start(t)
	down := nacostest.Start(t)
	down.Stop()
	tests := []struct {
		name    string
		section string
		want    error
	}{
		{"unknown source", "config:\n  source: etcd\n", bootstrap.ErrUnknownSource},
		{"nacos without servers", "config:\n  source: nacos\n", nacos.ErrNoServers},
		{"bad server address", "config:\n  source: nacos\n  nacos:\n    servers: [nacos]\n", nacos.ErrBadServerAddr},
		{"nacos lacks the data id", nacosSection(up, conf.SourceNacos, "absent.yaml"), nacosconfig.ErrNotFound},
		{"nacos is down", nacosSection(down, conf.SourceNacos, "trainer.yaml"), bootstrap.ErrNacosUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c, err := bootstrap.Load("trainer", []byte(defaults), confDir(t, tt.section), sdkDir(t))
			if !errors.Is(err, tt.want) {
				if c != nil {
					_ = c.Close()
				}
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if _, ok := errs.As(err); !ok || !strings.Contains(err.Error(), tt.want.Error()) {
				t.Errorf("err = %v, want a named error", err)
			}
		})
	}
}

// A service started on its files because Nacos was down takes Nacos' values once Nacos is back,
// without a restart.
func TestFallbackFollowsNacosOnceItIsBack(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	srv.Publish("", "kratos", "trainer.yaml", nacosValues)
	srv.Stop()
	bc, c := load(t, confDir(t, nacosSection(srv, conf.SourceNacosWithFileFallback, "trainer.yaml")))
	if got := hours(bc); got != [2]int32{7, 21} {
		t.Fatalf("at start: earliest, latest hour = %v, want the files'", got)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	// The SDK reconnects with a back-off, then its next listen round finds the content.
	awaitValue(t, c, "settings.hours.earliest_hour", 9, 30*time.Second)
}
