package nacosregistry_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/registry"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"

	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosregistry"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// process stands for one service process: its own SDK client, as in production.
func process(t *testing.T, srv *nacostest.Server) (naming_client.INamingClient, *nacosregistry.Registry) {
	t.Helper()
	cli, err := nacos.Naming(nacos.Options{
		Servers:  []string{"127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)},
		Dir:      filepath.Join(os.TempDir(), "registry-nacos-test"),
		LogLevel: "error",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cli.CloseClient)
	return cli, nacosregistry.New(cli)
}

func instance(id string, grpcPort, httpPort int) *registry.ServiceInstance {
	return &registry.ServiceInstance{
		ID: id, Name: "trainer", Version: "v1.2.0", Metadata: map[string]string{"zone": "a"},
		Endpoints: []string{
			"grpc://127.0.0.1:" + strconv.Itoa(grpcPort),
			"http://127.0.0.1:" + strconv.Itoa(httpPort),
		},
	}
}

func endpoints(list []*registry.ServiceInstance) string {
	var eps []string
	for _, si := range list {
		eps = append(eps, si.Endpoints...)
	}
	sort.Strings(eps)
	return strings.Join(eps, " ")
}

// watch runs Next in a loop and hands every result to the test.
func watch(t *testing.T, r *nacosregistry.Registry, name string) <-chan []*registry.ServiceInstance {
	t.Helper()
	w, err := r.Watch(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan []*registry.ServiceInstance, 16)
	go func() {
		for {
			list, err := w.Next()
			if err != nil {
				return
			}
			out <- list
		}
	}()
	t.Cleanup(func() { _ = w.Stop() })
	return out
}

// awaitEndpoints reads watch results until one has exactly want, or fails after within.
func awaitEndpoints(t *testing.T, results <-chan []*registry.ServiceInstance, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	last := "(nothing)"
	for {
		select {
		case list := <-results:
			if last = endpoints(list); last == want {
				return
			}
		case <-deadline:
			t.Fatalf("watch did not reach %q within %v; last %q", want, within, last)
		}
	}
}

func TestRegisterPutsEachEndpointUnderNameDotScheme(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	_, reg := process(t, srv)
	ctx := context.Background()
	if err := reg.Register(ctx, instance("trainer-1", 9001, 8001)); err != nil {
		t.Fatal(err)
	}

	for scheme, port := range map[string]uint64{"grpc": 9001, "http": 8001} {
		hosts := srv.Instances("", "", "trainer."+scheme)
		if len(hosts) != 1 || hosts[0].Port != port {
			t.Fatalf("trainer.%s on the server = %+v", scheme, hosts)
		}
		md := hosts[0].Metadata
		if md["kind"] != scheme || md["version"] != "v1.2.0" || md["id"] != "trainer-1" || md["zone"] != "a" {
			t.Errorf("trainer.%s metadata = %v", scheme, md)
		}
	}
	got, err := reg.GetService(ctx, "trainer.grpc")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "trainer-1" || got[0].Version != "v1.2.0" || got[0].Endpoints[0] != "grpc://127.0.0.1:9001" {
		t.Fatalf("GetService = %+v", got[0])
	}
}

func TestDeregisterRemovesTheInstancesAndWatchersSeeIt(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	_, reg := process(t, srv)
	_, client := process(t, srv)
	ctx := context.Background()
	si := instance("trainer-1", 9001, 8001)
	if err := reg.Register(ctx, si); err != nil {
		t.Fatal(err)
	}
	results := watch(t, client, "trainer.http")
	awaitEndpoints(t, results, "http://127.0.0.1:8001", 5*time.Second)

	if err := reg.Deregister(ctx, si); err != nil {
		t.Fatal(err)
	}
	awaitEndpoints(t, results, "", 5*time.Second)
	if n := len(srv.Instances("", "", "trainer.grpc")) + len(srv.Instances("", "", "trainer.http")); n != 0 {
		t.Fatalf("%d instances left on the server", n)
	}
}

// Acceptance: two trainer instances registered; the client finds both and follows when one stops.
func TestWatchFollowsTwoInstancesThenOneStops(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	ctx := context.Background()
	firstCli, first := process(t, srv)
	_, second := process(t, srv)
	_, client := process(t, srv)
	results := watch(t, client, "trainer.grpc")

	if err := first.Register(ctx, instance("trainer-1", 9001, 8001)); err != nil {
		t.Fatal(err)
	}
	if err := second.Register(ctx, instance("trainer-2", 9002, 8002)); err != nil {
		t.Fatal(err)
	}
	awaitEndpoints(t, results, "grpc://127.0.0.1:9001 grpc://127.0.0.1:9002", 5*time.Second)

	// The first process dies without deregistering: Nacos drops its ephemeral instances.
	firstCli.CloseClient()
	awaitEndpoints(t, results, "grpc://127.0.0.1:9002", 5*time.Second)
}

func TestWatchSurvivesAServerRestart(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	ctx := context.Background()
	_, first := process(t, srv)
	_, client := process(t, srv)
	if err := first.Register(ctx, instance("trainer-1", 9001, 8001)); err != nil {
		t.Fatal(err)
	}
	results := watch(t, client, "trainer.grpc")
	awaitEndpoints(t, results, "grpc://127.0.0.1:9001", 5*time.Second)

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// A process started after the restart registers; the watcher, subscribed before the
	// restart, must see it next to the first instance, which its SDK registers again.
	_, late := process(t, srv)
	if err := late.Register(ctx, instance("trainer-3", 9003, 8003)); err != nil {
		t.Fatal(err)
	}
	awaitEndpoints(t, results, "grpc://127.0.0.1:9001 grpc://127.0.0.1:9003", 15*time.Second)
}

func TestBadInstancesAreNamedErrorsAndRegisterNothing(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	_, reg := process(t, srv)
	tests := []struct {
		name string
		si   *registry.ServiceInstance
		want error
	}{
		{"nil", nil, nacosregistry.ErrNoName},
		{"no name", &registry.ServiceInstance{Endpoints: []string{"grpc://127.0.0.1:9000"}}, nacosregistry.ErrNoName},
		{"no endpoints", &registry.ServiceInstance{Name: "bad"}, nacosregistry.ErrNoEndpoints},
		{"no scheme", &registry.ServiceInstance{Name: "bad", Endpoints: []string{"127.0.0.1:9000"}}, nacosregistry.ErrBadEndpoint},
		{"no port", &registry.ServiceInstance{Name: "bad", Endpoints: []string{"grpc://127.0.0.1"}}, nacosregistry.ErrBadEndpoint},
		{"port zero", &registry.ServiceInstance{Name: "bad", Endpoints: []string{"grpc://127.0.0.1:0"}}, nacosregistry.ErrBadEndpoint},
		{"second endpoint bad", &registry.ServiceInstance{Name: "bad", Endpoints: []string{"grpc://127.0.0.1:9000", "http://:x"}}, nacosregistry.ErrBadEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := reg.Register(context.Background(), tt.si); !errors.Is(err, tt.want) {
				t.Fatalf("Register: err = %v, want %v", err, tt.want)
			}
			if err := reg.Deregister(context.Background(), tt.si); !errors.Is(err, tt.want) {
				t.Fatalf("Deregister: err = %v, want %v", err, tt.want)
			}
		})
	}
	for _, scheme := range []string{"grpc", "http"} {
		if got := srv.Instances("", "", "bad."+scheme); len(got) != 0 {
			t.Errorf("bad.%s has %v on the server", scheme, got)
		}
	}
}

func TestNamespacesAndGroupsKeepServicesApart(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	ctx := context.Background()
	inNamespace := func(namespace string, opts ...nacosregistry.Option) *nacosregistry.Registry {
		cli, err := nacos.Naming(nacos.Options{
			Servers:   []string{"127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)},
			Namespace: namespace, Dir: filepath.Join(os.TempDir(), "registry-nacos-test"), LogLevel: "error",
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cli.CloseClient)
		return nacosregistry.New(cli, opts...)
	}
	dev := inNamespace("dev")
	devOther := inNamespace("dev", nacosregistry.WithGroup("other"))
	public := inNamespace("")
	if err := dev.Register(ctx, instance("trainer-dev", 9001, 8001)); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		reg  *nacosregistry.Registry
		want int
	}{
		{"same namespace and group", inNamespace("dev"), 1},
		{"same namespace, other group", devOther, 0},
		{"public namespace", public, 0},
	}
	for _, tt := range tests {
		got, err := tt.reg.GetService(ctx, "trainer.grpc")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: %d instances, want %d", tt.name, len(got), tt.want)
		}
	}
	if got := srv.Instances("dev", "DEFAULT_GROUP", "trainer.grpc"); len(got) != 1 {
		t.Fatalf("server holds %v in dev", got)
	}
}
