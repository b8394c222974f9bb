package server_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/tracing"
)

// tracedOptions are server options for a service called name whose logs go to the returned
// observer, with tracing as the embedded defaults set it (spans made, nothing exported). Debug
// level: the gRPC call below is a health check, whose request line is logged at debug.
func tracedOptions(t *testing.T, name string, cfg *conf.Server) (server.Options, *observer.ObservedLogs) {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	logger, err := log.New(log.Options{Service: name, Core: core, Level: "debug"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := metrics.New(metrics.WithService(name, "v0"), metrics.WithoutDefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := tracing.New(context.Background(), &conf.Tracing{}, name, "v0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tr.Shutdown(context.Background()) })
	return server.Options{Config: cfg, Logger: logger, Metrics: m, Keys: authtest.Verifier(name), Tracing: tr, Public: []string{"/front"}}, logs
}

// A caller's W3C trace context reaches the HTTP server, its call to a gRPC server carries it on,
// and both servers' request log lines name the caller's trace, each with its own span.
func TestTraceContextCrossesHTTPAndGRPCIntoTheLogs(t *testing.T) {
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	backOpts, backLogs := tracedOptions(t, "back", &conf.Server{Grpc: &conf.Server_Listener{Addr: "127.0.0.1:0"}})
	back := server.NewGRPC(backOpts)
	backEndpoint, err := back.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = back.Start(context.Background()) }()
	t.Cleanup(func() { _ = back.Stop(context.Background()) })

	frontOpts, frontLogs := tracedOptions(t, "front", &conf.Server{Http: &conf.Server_Listener{Addr: "127.0.0.1:0"}})
	conn, err := kgrpc.DialInsecure(context.Background(), kgrpc.WithEndpoint(backEndpoint.Host),
		kgrpc.WithMiddleware(frontOpts.Tracing.Client()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	front := server.NewHTTP(frontOpts)
	front.Route("/").GET("/front", func(c khttp.Context) error {
		khttp.SetOperation(c, "/front")
		h := c.Middleware(func(ctx context.Context, _ any) (any, error) {
			return healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		})
		if _, err := h(c, nil); err != nil {
			return err
		}
		return c.Result(200, map[string]string{"ok": "yes"})
	})
	frontEndpoint, err := front.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = front.Start(context.Background()) }()
	t.Cleanup(func() { _ = front.Stop(context.Background()) })

	req, _ := http.NewRequest(http.MethodGet, "http://"+frontEndpoint.Host+"/front", nil)
	req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}

	spanOf := func(logs *observer.ObservedLogs, who string) string {
		t.Helper()
		lines := logs.FilterMessage("request").All()
		if len(lines) != 1 {
			t.Fatalf("%s logged %d request lines, want 1", who, len(lines))
		}
		f := lines[0].ContextMap()
		if f["trace_id"] != traceID {
			t.Errorf("%s's request line: trace_id %q, want the caller's %s", who, f["trace_id"], traceID)
		}
		span, _ := f["span_id"].(string)
		if len(span) != 16 || span == "00f067aa0ba902b7" {
			t.Errorf("%s's request line: span_id %q, want a span of its own", who, span)
		}
		return span
	}
	if spanOf(frontLogs, "the HTTP server") == spanOf(backLogs, "the gRPC server") {
		t.Errorf("both servers logged the same span")
	}
}

func TestSamplingRatioOutsideZeroToOneStopsTheService(t *testing.T) {
	for _, ratio := range []float64{-0.1, 1.5} {
		r := ratio
		_, err := tracing.New(context.Background(), &conf.Tracing{SamplingRatio: &r}, "x", "v0")
		if !errors.Is(err, tracing.ErrBadSamplingRatio) {
			t.Errorf("sampling_ratio %v: error %v, want ErrBadSamplingRatio", ratio, err)
		}
	}
}
