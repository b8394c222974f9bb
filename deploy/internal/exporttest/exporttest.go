// Package exporttest runs, inside a test, a service process as far as monitoring sees it: a
// kratos HTTP server with libs/metrics' middleware and /metrics, CQRS handler observations,
// and Nacos SDK clients (against the nacostest double) whose own metrics the same endpoint
// serves. The deploy tests scrape it to learn which series the services really export.
package exporttest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/registry"
	kratoshttp "github.com/go-kratos/kratos/v2/transport/http"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosregistry"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// Service is the running stand-in; Addr is host:port of its HTTP server (and /metrics).
type Service struct {
	Addr string
}

// What Start records, so tests can assert exact values.
const (
	OKRequests     = 4 // GET /hours: 3 plain, 1 from the kratos client
	FailedRequests = 2 // GET /full, 409 hour-not-available
	CommandCalls   = 2 // ScheduleTraining, one failing with balance-too-low
	QueryCalls     = 1 // AllTrainings
	ClientCalls    = 1 // an outgoing call, through libs/metrics' client middleware, to /hours
)

// ClientOperation is the operation the outgoing call is recorded under.
const ClientOperation = "/trainer.v1.Hours/GetHours"

var errBalanceTooLow = errs.Conflict("balance-too-low", "the attendee has no training credits left")

// Start runs the stand-in until the test ends and sends it the traffic described above.
func Start(t testing.TB) *Service {
	t.Helper()
	m, err := metrics.New(metrics.WithService("trainer", "test"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown(context.Background()) })

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kratoshttp.NewServer(kratoshttp.Listener(lis), kratoshttp.Middleware(m.Server()))
	route(srv, "/hours", func() (any, error) { return map[string]int{"hours": 3}, nil })
	route(srv, "/full", func() (any, error) { return nil, kerrors.Conflict("hour-not-available", "taken") })
	srv.Handle("/metrics", m.Handler())
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	s := &Service{Addr: lis.Addr().String()}

	for range OKRequests - ClientCalls {
		get(t, "http://"+s.Addr+"/hours")
	}
	for range FailedRequests {
		get(t, "http://"+s.Addr+"/full")
	}
	callOut(t, s.Addr, m)
	m.ObserveHandler("command", "ScheduleTraining", 4*time.Millisecond, nil)
	m.ObserveHandler("command", "ScheduleTraining", 2*time.Millisecond, errBalanceTooLow)
	m.ObserveHandler("query", "AllTrainings", time.Millisecond, nil)

	useNacos(t)
	return s
}

// useNacos makes the SDK record its own metrics: a registration, a subscription, a config
// query and a config listener, as a service does at start.
func useNacos(t testing.TB) {
	double := nacostest.Start(t)
	opts := nacos.Options{
		Servers:  []string{"127.0.0.1:" + strconv.FormatUint(double.ServerConfig().Port, 10)},
		Dir:      filepath.Join(os.TempDir(), "exporttest-nacos"),
		LogLevel: "error",
	}
	naming, err := nacos.Naming(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(naming.CloseClient)
	reg := nacosregistry.New(naming)
	if err := reg.Register(context.Background(), &registry.ServiceInstance{
		ID: "trainer-1", Name: "trainer", Endpoints: []string{"grpc://127.0.0.1:9000"},
	}); err != nil {
		t.Fatal(err)
	}
	w, err := reg.Watch(context.Background(), "trainer.grpc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Stop() })
	if _, err := w.Next(); err != nil {
		t.Fatal(err)
	}

	cfg, err := nacos.Config(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cfg.CloseClient)
	double.Publish("", "DEFAULT_GROUP", "trainer.yaml", "a: 1")
	if _, err := cfg.GetConfig(vo.ConfigParam{DataId: "trainer.yaml", Group: "DEFAULT_GROUP"}); err != nil {
		t.Fatal(err)
	}
	// A missing config answers with a failure code, so the "failed requests" panel has data.
	if _, err := cfg.GetConfig(vo.ConfigParam{DataId: "absent.yaml", Group: "DEFAULT_GROUP"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ListenConfig(vo.ConfigParam{DataId: "trainer.yaml", Group: "DEFAULT_GROUP", OnChange: func(_, _, _, _ string) {}}); err != nil {
		t.Fatal(err)
	}
}

// callOut makes the outgoing call a service makes to another one, with a kratos client.
func callOut(t testing.TB, addr string, m *metrics.Metrics) {
	t.Helper()
	ctx := context.Background()
	cli, err := kratoshttp.NewClient(ctx, kratoshttp.WithEndpoint(addr), kratoshttp.WithMiddleware(m.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	var out map[string]int
	if err := cli.Invoke(ctx, http.MethodGet, "/hours", nil, &out, kratoshttp.Operation(ClientOperation)); err != nil {
		t.Fatal(err)
	}
}

func route(srv *kratoshttp.Server, path string, reply func() (any, error)) {
	srv.Route("/").GET(path, func(c kratoshttp.Context) error {
		h := c.Middleware(func(context.Context, any) (any, error) { return reply() })
		out, err := h(c, nil)
		if err != nil {
			return err
		}
		return c.Result(http.StatusOK, out)
	})
}

func get(t testing.TB, url string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Fatal(errors.New("stand-in answered " + resp.Status))
	}
}
