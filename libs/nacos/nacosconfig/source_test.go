package nacosconfig_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/config"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosconfig"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func client(t *testing.T, srv *nacostest.Server, namespace string) config_client.IConfigClient {
	t.Helper()
	cli, err := nacos.Config(nacos.Options{
		Servers:   []string{"127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)},
		Namespace: namespace,
		Dir:       filepath.Join(os.TempDir(), "config-nacos-test", t.Name()),
		LogLevel:  "error",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cli.CloseClient)
	return cli
}

// waitListening waits until the client's listen request reached the server and settled; see
// nacostest.Server.Listeners for why a push right after it could be lost by the SDK.
func waitListening(t *testing.T, srv *nacostest.Server, tenant, group, dataID string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, at := srv.Listeners(tenant, group, dataID)
		if n > 0 && time.Since(at) > 200*time.Millisecond {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listener for %s/%s/%s", tenant, group, dataID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// service is a kratos config as a running service holds it, watching one value.
type service struct {
	cfg     config.Config
	changes chan string
}

func startService(t *testing.T, src config.Source, key string) *service {
	t.Helper()
	cfg := config.New(config.WithSource(src))
	if err := cfg.Load(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cfg.Close() })
	s := &service{cfg: cfg, changes: make(chan string, 8)}
	if err := cfg.Watch(key, func(_ string, v config.Value) {
		text, _ := v.String()
		s.changes <- text
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *service) awaitChange(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case got := <-s.changes:
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("the running service did not see %q within %v", want, within)
		}
	}
}

func TestLoadReadsDataIDInGroupAndNamespace(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	srv.Publish("dev", "kratos", "trainer.yaml", "hours:\n  earliest: 8\n")
	srv.Publish("", "kratos", "trainer.yaml", "hours:\n  earliest: 6\n")
	src, err := nacosconfig.New(client(t, srv, "dev"), "trainer.yaml", nacosconfig.WithGroup("kratos"))
	if err != nil {
		t.Fatal(err)
	}
	kvs, err := src.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(kvs) != 1 || kvs[0].Key != "trainer.yaml" || kvs[0].Format != "yaml" || string(kvs[0].Value) != "hours:\n  earliest: 8\n" {
		t.Fatalf("Load = %+v", kvs[0])
	}

	cfg := config.New(config.WithSource(src))
	defer cfg.Close()
	if err := cfg.Load(); err != nil {
		t.Fatal(err)
	}
	if got, err := cfg.Value("hours.earliest").Int(); err != nil || got != 8 {
		t.Fatalf("hours.earliest = %d, %v; want 8 from namespace dev", got, err)
	}
}

func TestMissingConfigAndMissingDataIDAreNamedErrors(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	cli := client(t, srv, "")
	if _, err := nacosconfig.New(cli, " "); !errors.Is(err, nacosconfig.ErrNoDataID) || errs.KindOf(err) != errs.KindInvalid {
		t.Fatalf("New with no data id: err = %v", err)
	}
	src, err := nacosconfig.New(cli, "absent.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Load(); !errors.Is(err, nacosconfig.ErrNotFound) {
		t.Fatalf("Load of a missing config: err = %v, want ErrNotFound", err)
	}
	if _, ok := srv.Config("", "DEFAULT_GROUP", "absent.yaml"); ok {
		t.Fatal("loading created the config")
	}
}

// Acceptance: a change published in Nacos reaches a running service within 5 s.
func TestPublishedChangeReachesARunningServiceWithin5s(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	operator := client(t, srv, "")
	if ok, err := operator.PublishConfig(vo.ConfigParam{DataId: "user.json", Group: "kratos", Content: `{"limit": 1}`}); err != nil || !ok {
		t.Fatalf("publish: %v %v", ok, err)
	}
	src, err := nacosconfig.New(client(t, srv, ""), "user.json", nacosconfig.WithGroup("kratos"))
	if err != nil {
		t.Fatal(err)
	}
	svc := startService(t, src, "limit")
	if got, _ := svc.cfg.Value("limit").Int(); got != 1 {
		t.Fatalf("limit = %d, want 1", got)
	}
	waitListening(t, srv, "", "kratos", "user.json")

	if ok, err := operator.PublishConfig(vo.ConfigParam{DataId: "user.json", Group: "kratos", Content: `{"limit": 2}`}); err != nil || !ok {
		t.Fatalf("publish: %v %v", ok, err)
	}
	svc.awaitChange(t, "2", 5*time.Second)
	if got, _ := svc.cfg.Value("limit").Int(); got != 2 {
		t.Fatalf("limit after reload = %d, want 2", got)
	}
}

func TestWatchSurvivesAServerRestart(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	srv.Publish("", "DEFAULT_GROUP", "training.yaml", "notes: 100\n")
	src, err := nacosconfig.New(client(t, srv, ""), "training.yaml")
	if err != nil {
		t.Fatal(err)
	}
	svc := startService(t, src, "notes")
	waitListening(t, srv, "", "DEFAULT_GROUP", "training.yaml")

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// Published while the client may still be reconnecting: it compares md5s when it listens
	// again, so the change arrives either way.
	srv.Publish("", "DEFAULT_GROUP", "training.yaml", "notes: 200\n")
	svc.awaitChange(t, "200", 15*time.Second)

	// And pushes work on the new connection.
	waitListening(t, srv, "", "DEFAULT_GROUP", "training.yaml")
	srv.Publish("", "DEFAULT_GROUP", "training.yaml", "notes: 300\n")
	svc.awaitChange(t, "300", 5*time.Second)
}
