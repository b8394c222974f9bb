package server_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf/bootstrap"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// The service's embedded defaults in this test.
var liveDefaults = `
server:
  http: {addr: "127.0.0.1:0"}
  grpc: {addr: "127.0.0.1:0"}
auth:
  user_keys: ["` + authtest.UserKey.Public().String() + `"]
log:
  level: info
`

// Acceptance: a config change published in Nacos reaches a running service within 5 s; here
// the log level, which the running logger applies.
func TestLogLevelPublishedInNacosReachesARunningBaseWithin5s(t *testing.T) {
	t.Parallel()
	nacos := nacostest.Start(t)
	nacos.Publish("", "DEFAULT_GROUP", "trainer.yaml", "log:\n  level: warn\n")
	dir := t.TempDir()
	// The registry stays static: the config section names Nacos itself.
	section := "config:\n  source: nacos\n  nacos:\n    servers: [\"" + nacosAddr(nacos) + "\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	sdkDir := filepath.Join(os.TempDir(), "server-test", t.Name())
	_ = os.RemoveAll(sdkDir)
	bc, c, err := bootstrap.Load("trainer", []byte(liveDefaults), dir, bootstrap.WithSDKDir(sdkDir))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b, err := server.New("trainer", "v1", bc, server.WithConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if b.Discovery() != nil {
		t.Error("the static registry has a Discovery")
	}
	runApp(t, b)
	if got := b.Logger.Level(); got != "warn" {
		t.Fatalf("level at start = %q, want Nacos' warn", got)
	}

	awaitListening(t, nacos, "DEFAULT_GROUP", "trainer.yaml")
	nacos.Publish("", "DEFAULT_GROUP", "trainer.yaml", "log:\n  level: debug\n")
	deadline := time.Now().Add(5 * time.Second)
	for b.Logger.Level() != "debug" {
		if time.Now().After(deadline) {
			t.Fatalf("level = %q 5 s after debug was published", b.Logger.Level())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitListening waits until the SDK's listen request reached Nacos and settled; see
// nacostest.Server.Listeners for why a change published right after it could be missed.
func awaitListening(t *testing.T, nacos *nacostest.Server, group, dataID string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, at := nacos.Listeners("", group, dataID)
		if n > 0 && time.Since(at) > 200*time.Millisecond {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listener for %s/%s", group, dataID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
