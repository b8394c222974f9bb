package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func nacosAddr(srv *nacostest.Server) string {
	return "127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)
}

// newNacosBase is a Base of the service name registered in srv, on free loopback ports.
func newNacosBase(t *testing.T, name string, srv *nacostest.Server) *server.Base {
	t.Helper()
	bc := &conf.Bootstrap{
		Server: &conf.Server{
			Http: &conf.Server_Listener{Addr: "127.0.0.1:0"},
			Grpc: &conf.Server_Listener{Addr: "127.0.0.1:0"},
		},
		Auth:     authtest.Conf("test"),
		Log:      &conf.Log{Level: "warn"},
		Registry: &conf.Registry{Kind: conf.RegistryNacos, Nacos: &conf.Nacos{Servers: []string{nacosAddr(srv)}}},
	}
	b, err := server.New(name, "v1.2.0", bc, server.WithNacosDir(filepath.Join(os.TempDir(), "server-test")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// process is a running service: its kratos App on a Base.
type process struct {
	grpcAddr string
	app      *kratos.App
	done     chan error
	once     sync.Once
}

func runApp(t *testing.T, b *server.Base) *process {
	t.Helper()
	// Endpoint opens the listener now, so the address is known before Run.
	g, err := b.GRPC.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{grpcAddr: g.Host, app: b.App(), done: make(chan error, 1)}
	go func() { p.done <- p.app.Run() }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop is what SIGTERM does: kratos deregisters, then stops the servers.
func (p *process) stop(t *testing.T) {
	p.once.Do(func() {
		if err := p.app.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
		if err := <-p.done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
}

func awaitInstances(t *testing.T, srv *nacostest.Server, service string, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := srv.Instances("", "DEFAULT_GROUP", service)
		if len(got) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d instances in Nacos, want %d", service, len(got), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// healthCall makes one gRPC health check (no token: health checking is public) and tells
// which instance answered.
func healthCall(conn *grpc.ClientConn) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var p peer.Peer
	_, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{}, grpc.Peer(&p))
	if err != nil {
		return "", err
	}
	return p.Addr.String(), nil
}

// Acceptance: two trainer instances registered in Nacos; training finds both and keeps working
// when one stops.
func TestTwoBasesInNacosServeADiscoveryClientAndOneMayStop(t *testing.T) {
	t.Parallel()
	nacos := nacostest.Start(t)
	first := runApp(t, newNacosBase(t, "trainer", nacos))
	second := runApp(t, newNacosBase(t, "trainer", nacos))
	awaitInstances(t, nacos, "trainer.grpc", 2)
	awaitInstances(t, nacos, "trainer.http", 2)
	for _, in := range nacos.Instances("", "DEFAULT_GROUP", "trainer.grpc") {
		if in.Metadata["version"] != "v1.2.0" || in.Metadata["kind"] != "grpc" || in.Metadata["id"] == "" {
			t.Errorf("instance metadata = %v, want version, kind and id", in.Metadata)
		}
	}

	training := newNacosBase(t, "training", nacos)
	conn, err := kgrpc.DialInsecure(context.Background(),
		kgrpc.WithEndpoint("discovery:///trainer.grpc"), kgrpc.WithDiscovery(training.Discovery()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	seen := map[string]bool{}
	deadline := time.Now().Add(10 * time.Second)
	for !(seen[first.grpcAddr] && seen[second.grpcAddr]) {
		if time.Now().After(deadline) {
			t.Fatalf("calls reached %v, want both %s and %s", seen, first.grpcAddr, second.grpcAddr)
		}
		if addr, err := healthCall(conn); err == nil {
			seen[addr] = true
		}
	}

	first.stop(t)
	awaitInstances(t, nacos, "trainer.grpc", 1)
	awaitInstances(t, nacos, "trainer.http", 1)
	// The client hears of the change by a push; wait until calls settle on the second.
	deadline = time.Now().Add(10 * time.Second)
	for streak := 0; streak < 20; {
		if time.Now().After(deadline) {
			t.Fatal("calls do not settle on the remaining instance within 10 s")
		}
		addr, err := healthCall(conn)
		if err == nil && addr == second.grpcAddr {
			streak++
		} else {
			streak = 0
		}
	}
	for i := range 50 {
		addr, err := healthCall(conn)
		if err != nil || addr != second.grpcAddr {
			t.Fatalf("call %d after the first instance stopped: answered by %q, err %v", i, addr, err)
		}
	}
}

// Nacos forgets ephemeral instances when it restarts; the SDK registers them again once it has
// reconnected, so a running service is found again without a restart of its own.
func TestRegistrationComesBackAfterANacosRestart(t *testing.T) {
	t.Parallel()
	nacos := nacostest.Start(t)
	runApp(t, newNacosBase(t, "trainer", nacos))
	awaitInstances(t, nacos, "trainer.grpc", 1)
	nacos.Stop()
	if n := len(nacos.Instances("", "DEFAULT_GROUP", "trainer.grpc")); n != 0 {
		t.Fatalf("%d instances while Nacos is down, want none", n)
	}
	if err := nacos.Start(); err != nil {
		t.Fatal(err)
	}
	awaitInstances(t, nacos, "trainer.grpc", 1)
	awaitInstances(t, nacos, "trainer.http", 1)
}
