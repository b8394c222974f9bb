package nacostest_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func clientConfig(t *testing.T) *constant.ClientConfig {
	// The SDK's logger is process-wide and keeps the first client's LogDir, so logs go to one
	// directory that outlives every test; caches are per client.
	return &constant.ClientConfig{
		TimeoutMs: 3000, NotLoadCacheAtStart: true, UpdateCacheWhenEmpty: true,
		LogDir: filepath.Join(os.TempDir(), "nacostest-sdk-log"), CacheDir: t.TempDir(),
		LogLevel: "error", DisableUseSnapShot: true,
	}
}

func namingClient(t *testing.T, srv *nacostest.Server) naming_client.INamingClient {
	t.Helper()
	c, err := clients.NewNamingClient(vo.NacosClientParam{
		ClientConfig: clientConfig(t), ServerConfigs: []constant.ServerConfig{srv.ServerConfig()},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseClient)
	return c
}

func configClient(t *testing.T, srv *nacostest.Server) config_client.IConfigClient {
	t.Helper()
	c, err := clients.NewConfigClient(vo.NacosClientParam{
		ClientConfig: clientConfig(t), ServerConfigs: []constant.ServerConfig{srv.ServerConfig()},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseClient)
	return c
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func register(t *testing.T, c naming_client.INamingClient, service string, port uint64) {
	t.Helper()
	ok, err := c.RegisterInstance(vo.RegisterInstanceParam{
		ServiceName: service, Ip: "10.0.0.1", Port: port, Weight: 1, Enable: true, Healthy: true,
		Ephemeral: true, Metadata: map[string]string{"version": "v1"},
	})
	if err != nil || !ok {
		t.Fatalf("register %s:%d: ok=%v err=%v", service, port, ok, err)
	}
}

func TestRegisterSubscribePushAndConnectionLoss(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	watcher := namingClient(t, srv)

	var mu sync.Mutex
	var seen []model.Instance
	err := watcher.Subscribe(&vo.SubscribeParam{ServiceName: "trainer", SubscribeCallback: func(in []model.Instance, err error) {
		mu.Lock()
		defer mu.Unlock()
		seen = in
	}})
	if err != nil {
		t.Fatal(err)
	}
	ports := func() map[uint64]bool {
		mu.Lock()
		defer mu.Unlock()
		out := map[uint64]bool{}
		for _, in := range seen {
			out[in.Port] = true
		}
		return out
	}

	first, second := namingClient(t, srv), namingClient(t, srv)
	register(t, first, "trainer", 9001)
	register(t, second, "trainer", 9002)
	eventually(t, 5*time.Second, "push with both instances", func() bool { p := ports(); return p[9001] && p[9002] })

	if got := srv.Instances("", "", "trainer"); len(got) != 2 || got[0].Metadata["version"] != "v1" {
		t.Fatalf("server holds %v", got)
	}

	// A client that goes away takes its ephemeral instance with it.
	second.CloseClient()
	eventually(t, 5*time.Second, "push without the closed client's instance", func() bool { p := ports(); return p[9001] && !p[9002] })

	ok, err := first.DeregisterInstance(vo.DeregisterInstanceParam{ServiceName: "trainer", Ip: "10.0.0.1", Port: 9001, Ephemeral: true})
	if err != nil || !ok {
		t.Fatalf("deregister: ok=%v err=%v", ok, err)
	}
	eventually(t, 5*time.Second, "push with no instance left", func() bool { return len(ports()) == 0 })
}

func TestConfigQueryPublishAndListen(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	c := configClient(t, srv)
	param := vo.ConfigParam{DataId: "trainer.yaml", Group: "kratos"}

	if content, err := c.GetConfig(param); err != nil || content != "" {
		t.Fatalf("missing config: content=%q err=%v, want empty and no error", content, err)
	}
	if ok, err := c.PublishConfig(vo.ConfigParam{DataId: "trainer.yaml", Group: "kratos", Content: "a: 1"}); err != nil || !ok {
		t.Fatalf("publish: ok=%v err=%v", ok, err)
	}
	if content, err := c.GetConfig(param); err != nil || content != "a: 1" {
		t.Fatalf("get: %q %v", content, err)
	}

	changes := make(chan string, 4)
	listen := param
	listen.OnChange = func(_, _, _, data string) { changes <- data }
	if err := c.ListenConfig(listen); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "listener registered and settled", func() bool {
		n, at := srv.Listeners("", "kratos", "trainer.yaml")
		return n == 1 && time.Since(at) > 200*time.Millisecond
	})
	srv.Publish("", "kratos", "trainer.yaml", "a: 2")
	select {
	case got := <-changes:
		if got != "a: 2" {
			t.Fatalf("listener got %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change notification within 5 s")
	}
}

func TestRestartKeepsConfigAndClientsComeBack(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	port := srv.GRPCPort()
	n := namingClient(t, srv)
	register(t, n, "user", 9100)
	c := configClient(t, srv)
	if ok, _ := c.PublishConfig(vo.ConfigParam{DataId: "user.yaml", Group: "kratos", Content: "x: 1"}); !ok {
		t.Fatal("publish failed")
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if srv.GRPCPort() != port {
		t.Fatalf("restarted on port %d, want %d", srv.GRPCPort(), port)
	}
	if got, ok := srv.Config("", "kratos", "user.yaml"); !ok || got != "x: 1" {
		t.Fatalf("config after restart = %q %v", got, ok)
	}
	// The SDK reconnects and registers its instance again.
	eventually(t, 15*time.Second, "instance registered again after restart", func() bool {
		return len(srv.Instances("", "", "user")) == 1
	})
}

func TestStartTwiceIsAnError(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	if err := srv.Start(); err != nacostest.ErrRunning {
		t.Fatalf("err = %v, want ErrRunning", err)
	}
}

func TestDeregisterFromAnotherConnectionLeavesTheInstance(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	owner, other := namingClient(t, srv), namingClient(t, srv)
	register(t, owner, "user", 9200)
	if _, err := other.DeregisterInstance(vo.DeregisterInstanceParam{ServiceName: "user", Ip: "10.0.0.1", Port: 9200, Ephemeral: true}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Instances("", "", "user"); len(got) != 1 {
		t.Fatalf("instances after a stranger's deregister = %v, want the owner's still there", got)
	}
}
