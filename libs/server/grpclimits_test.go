package server_test

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/server"
)

// serveGRPC starts a gRPC server with cfg's settings on a free loopback port (its listener
// set here) and returns its address; the test's end stops it. A nil logger discards the logs.
func serveGRPC(t *testing.T, cfg *conf.Server, logger *log.Logger, keys *auth.Verifier) string {
	t.Helper()
	if logger == nil {
		var err error
		if logger, err = log.New(log.Options{Output: io.Discard}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := metrics.New(metrics.WithService("test", "v0"), metrics.WithoutDefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Grpc = &conf.Server_Listener{Addr: "127.0.0.1:0"}
	srv := server.NewGRPC(server.Options{Config: cfg, Logger: logger, Metrics: m, Keys: keys})
	endpoint, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	return endpoint.Host
}

// startGRPCLimited starts a gRPC server with limits and returns its address.
func startGRPCLimited(t *testing.T, limits *conf.HTTPLimits) string {
	t.Helper()
	return serveGRPC(t, &conf.Server{HttpLimits: limits}, nil, testKeys(t))
}

func dialGRPC(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// A message over max_body_bytes is refused before it is decoded or its caller authenticated,
// as the HTTP port refuses such a body; one within the limit is served. grpc-go's default
// would read messages of up to 4 MB from anyone.
func TestGRPCMessagesAreBoundedByMaxBodyBytes(t *testing.T) {
	t.Parallel()
	health := healthpb.NewHealthClient(dialGRPC(t, startGRPCLimited(t, &conf.HTTPLimits{MaxBodyBytes: 1024})))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := health.Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("a small health check: %v", err)
	}
	_, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: strings.Repeat("s", 4096)})
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("a 4 KiB message with a 1 KiB limit: %v, want %v", err, codes.ResourceExhausted)
	}
}

// A call's metadata is bounded by max_header_bytes (grpc-go's default: 16 MB, with no token
// needed for a health check).
func TestGRPCMetadataIsBoundedByMaxHeaderBytes(t *testing.T) {
	t.Parallel()
	health := healthpb.NewHealthClient(dialGRPC(t, startGRPCLimited(t, &conf.HTTPLimits{MaxHeaderBytes: 4096})))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := health.Check(metadata.AppendToOutgoingContext(ctx, "x-small", "small"), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("a health check with little metadata: %v", err)
	}
	big := metadata.AppendToOutgoingContext(ctx, "x-junk", strings.Repeat("j", 64<<10))
	if _, err := health.Check(big, &healthpb.HealthCheckRequest{}); err == nil {
		t.Error("a health check with 64 KiB of metadata and a 4 KiB limit was answered")
	}
}

// One connection runs at most 100 calls at once; a call beyond waits for one to end. Health
// Watch streams stay open, so they hold their slots.
func TestGRPCConnectionsRunAtMost100CallsAtOnce(t *testing.T) {
	t.Parallel()
	health := healthpb.NewHealthClient(dialGRPC(t, startGRPCLimited(t, nil)))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := range 100 {
		w, err := health.Watch(ctx, &healthpb.HealthCheckRequest{})
		if err == nil {
			_, err = w.Recv()
		}
		if err != nil {
			t.Fatalf("watch %d: %v", i+1, err)
		}
	}
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	w, err := health.Watch(short, &healthpb.HealthCheckRequest{})
	if err == nil {
		_, err = w.Recv()
	}
	if status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("the 101st call on one connection: %v, want it to wait (%v)", err, codes.DeadlineExceeded)
	}
}

// A connection that does not finish its HTTP/2 handshake within read_header_timeout, or has
// no call for idle_timeout, is closed, as the HTTP port closes slow and idle clients; grpc-go
// would wait 120 s for a handshake and keep an idle connection for ever.
func TestGRPCSlowAndIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	addr := startGRPCLimited(t, &conf.HTTPLimits{
		ReadHeaderTimeout: durationpb.New(200 * time.Millisecond), IdleTimeout: durationpb.New(200 * time.Millisecond),
	})
	silent, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	_ = silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, silent); err != nil {
		t.Errorf("a client that sends nothing: %v, want the server to close the connection", err)
	}

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	// The client's preface and an empty SETTINGS frame: the handshake, then no call.
	if _, err := idle.Write([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")); err != nil {
		t.Fatal(err)
	}
	_ = idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if !readsGoAway(idle) {
		t.Error("an idle connection got no GOAWAY within 5 s with a 200 ms idle timeout")
	}
}

// readsGoAway reads HTTP/2 frames from conn until a GOAWAY (type 7), an error or the end.
func readsGoAway(conn net.Conn) bool {
	header := make([]byte, 9)
	for {
		if _, err := io.ReadFull(conn, header); err != nil {
			return false
		}
		if header[3] == 0x7 {
			return true
		}
		length := int64(binary.BigEndian.Uint32(append([]byte{0}, header[:3]...)))
		if _, err := io.CopyN(io.Discard, conn, length); err != nil {
			return false
		}
	}
}

// Health Watch streams need no token and last as long as their callers like: at most 1000
// are open at once on a server (over any number of connections); one more is refused at once,
// and a closed one frees its place.
func TestGRPCHealthWatchesAreBounded(t *testing.T) {
	t.Parallel()
	addr := startGRPCLimited(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	watch := func(ctx context.Context, health healthpb.HealthClient) error {
		w, err := health.Watch(ctx, &healthpb.HealthCheckRequest{})
		if err == nil {
			_, err = w.Recv()
		}
		return err
	}
	var first context.CancelFunc
	for c := range 10 { // 100 calls per connection at most
		health := healthpb.NewHealthClient(dialGRPC(t, addr))
		for i := range 100 {
			watchCtx, stop := context.WithCancel(ctx)
			if c == 0 && i == 0 {
				first = stop
			} else {
				defer stop()
			}
			if err := watch(watchCtx, health); err != nil {
				t.Fatalf("watch %d: %v", c*100+i+1, err)
			}
		}
	}
	health := healthpb.NewHealthClient(dialGRPC(t, addr))
	if err := watch(ctx, health); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("watch 1001: %v, want %v", err, codes.ResourceExhausted)
	}
	if _, err := health.Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("a Check while the watches are full: %v", err)
	}
	first()
	deadline := time.Now().Add(5 * time.Second)
	for err := watch(ctx, health); err != nil; err = watch(ctx, health) {
		if time.Now().After(deadline) {
			t.Fatalf("after one watch closed, another is still refused: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
