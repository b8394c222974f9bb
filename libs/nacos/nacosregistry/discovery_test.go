package nacosregistry_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/registry"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"

	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// trainerProcess is a kratos gRPC server registered in Nacos by its own SDK client.
type trainerProcess struct {
	addr string
	srv  *kgrpc.Server
	reg  registry.Registrar
	si   *registry.ServiceInstance
}

func startTrainer(t *testing.T, nacos *nacostest.Server, id string) *trainerProcess {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kgrpc.NewServer(kgrpc.Listener(lis))
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	_, reg := process(t, nacos)
	si := &registry.ServiceInstance{ID: id, Name: "trainer", Endpoints: []string{"grpc://" + lis.Addr().String()}}
	if err := reg.Register(context.Background(), si); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reg.Deregister(context.Background(), si) })
	return &trainerProcess{addr: lis.Addr().String(), srv: srv, reg: reg, si: si}
}

// call makes one gRPC call and tells which instance answered.
func call(conn *grpc.ClientConn) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var p peer.Peer
	_, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{}, grpc.Peer(&p))
	if err != nil {
		return "", err
	}
	return p.Addr.String(), nil
}

// Acceptance: training dials discovery:///trainer.grpc, finds both trainer instances, and keeps
// working when one stops (kratos' App deregisters, then stops its servers).
func TestKratosClientFindsBothInstancesAndKeepsWorkingWhenOneStops(t *testing.T) {
	t.Parallel()
	nacos := nacostest.Start(t)
	first := startTrainer(t, nacos, "trainer-1")
	second := startTrainer(t, nacos, "trainer-2")

	_, discovery := process(t, nacos)
	conn, err := kgrpc.DialInsecure(context.Background(),
		kgrpc.WithEndpoint("discovery:///trainer.grpc"), kgrpc.WithDiscovery(discovery))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	seen := map[string]bool{}
	deadline := time.Now().Add(10 * time.Second)
	for !(seen[first.addr] && seen[second.addr]) {
		if time.Now().After(deadline) {
			t.Fatalf("calls reached %v, want both %s and %s", seen, first.addr, second.addr)
		}
		if addr, err := call(conn); err == nil {
			seen[addr] = true
		}
	}

	if err := first.reg.Deregister(context.Background(), first.si); err != nil {
		t.Fatal(err)
	}
	// The client learns of the change by a push; wait until calls stop reaching the first.
	deadline = time.Now().Add(10 * time.Second)
	for streak := 0; streak < 20; {
		if time.Now().After(deadline) {
			t.Fatal("calls still reach the deregistered instance after 10 s")
		}
		addr, err := call(conn)
		if err == nil && addr == second.addr {
			streak++
		} else {
			streak = 0
		}
	}
	_ = first.srv.Stop(context.Background())

	for i := range 50 {
		addr, err := call(conn)
		if err != nil || addr != second.addr {
			t.Fatalf("call %d after the first instance stopped: answered by %q, err %v", i, addr, err)
		}
	}
}
