package metrics_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	kratoshttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/testing/metricstest"
)

// startServer runs a real kratos HTTP server with the metrics middleware, two routes shaped
// like generated handlers (they call the middleware chain) and /metrics.
func startServer(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kratoshttp.NewServer(kratoshttp.Listener(lis), kratoshttp.Middleware(m.Server()))
	route := func(path string, reply func() (any, error)) {
		srv.Route("/").GET(path, func(c kratoshttp.Context) error {
			h := c.Middleware(func(context.Context, any) (any, error) { return reply() })
			out, err := h(c, nil)
			if err != nil {
				return err
			}
			return c.Result(http.StatusOK, out)
		})
	}
	route("/hours", func() (any, error) { return map[string]int{"hours": 3}, nil })
	route("/full", func() (any, error) { return nil, kerrors.Conflict("hour-not-available", "taken") })
	srv.Handle("/metrics", m.Handler())
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	return "http://" + lis.Addr().String()
}

func get(t *testing.T, url string, wantStatus int) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", url, resp.StatusCode, wantStatus)
	}
}

func newMetrics(t *testing.T, opts ...metrics.Option) *metrics.Metrics {
	t.Helper()
	m, err := metrics.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown(context.Background()) })
	return m
}

func TestServerMiddlewareExportsRequestSeries(t *testing.T) {
	t.Parallel()
	m := newMetrics(t, metrics.WithService("trainer", "test"), metrics.WithoutDefaultRegistry())
	base := startServer(t, m)
	get(t, base+"/hours", http.StatusOK)
	get(t, base+"/hours", http.StatusOK)
	get(t, base+"/full", http.StatusConflict)

	families := metricstest.Scrape(t, base+"/metrics")

	tests := []struct {
		name   string
		family string
		labels map[string]string
		count  float64
	}{
		{"ok requests", "server_requests_code_total",
			map[string]string{"kind": "http", "operation": "/hours", "code": "200", "reason": ""}, 2},
		{"failed request", "server_requests_code_total",
			map[string]string{"kind": "http", "operation": "/full", "code": "409", "reason": "hour-not-available"}, 1},
		{"durations", "server_requests_duration_seconds",
			map[string]string{"kind": "http", "operation": "/hours"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			series := metricstest.Find(families, tt.family, tt.labels)
			if series == nil {
				t.Fatalf("no %s series with %v in %v", tt.family, tt.labels, families[tt.family])
			}
			got := series.GetCounter().GetValue()
			if h := series.GetHistogram(); h != nil {
				got = float64(h.GetSampleCount())
			}
			if got != tt.count {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.count)
			}
		})
	}
	if metricstest.Find(families, "target_info", map[string]string{"service_name": "trainer"}) == nil {
		t.Errorf("target_info does not name the service: %v", families["target_info"])
	}
	if _, ok := families["go_goroutines"]; ok {
		t.Errorf("WithoutDefaultRegistry still served the default registry")
	}
}

var errBalanceTooLow = errs.Conflict("balance-too-low", "the attendee has no training credits left")

func TestObserveHandlerExportsCountErrorsAndDuration(t *testing.T) {
	t.Parallel()
	m := newMetrics(t, metrics.WithoutDefaultRegistry())
	// The decorator depends on this interface only; Metrics must satisfy it structurally.
	var client interface {
		ObserveHandler(kind, name string, took time.Duration, err error)
	} = m
	client.ObserveHandler("command", "ScheduleTraining", 3*time.Millisecond, nil)
	client.ObserveHandler("command", "ScheduleTraining", 2*time.Second, errBalanceTooLow)
	client.ObserveHandler("command", "ScheduleTraining", time.Millisecond, errors.New("db down"))
	client.ObserveHandler("query", "AllTrainings", time.Millisecond, nil)

	families := metricstest.Scrape(t, startServer(t, m)+"/metrics")
	schedule := map[string]string{"kind": "command", "name": "ScheduleTraining"}

	if got := metricstest.Find(families, "cqrs_handler_calls_total", schedule).GetCounter().GetValue(); got != 3 {
		t.Errorf("calls = %v, want 3", got)
	}
	if got := metricstest.Find(families, "cqrs_handler_calls_total",
		map[string]string{"kind": "query", "name": "AllTrainings"}).GetCounter().GetValue(); got != 1 {
		t.Errorf("query calls = %v, want 1", got)
	}
	for reason, want := range map[string]float64{"balance-too-low": 1, "internal": 1} {
		labels := map[string]string{"kind": "command", "name": "ScheduleTraining", "reason": reason}
		if got := metricstest.Find(families, "cqrs_handler_errors_total", labels).GetCounter().GetValue(); got != want {
			t.Errorf("errors{reason=%s} = %v, want %v", reason, got, want)
		}
	}
	h := metricstest.Find(families, "cqrs_handler_duration_seconds", schedule).GetHistogram()
	if h.GetSampleCount() != 3 {
		t.Fatalf("duration samples = %d, want 3", h.GetSampleCount())
	}
	// 2 s lands above the 1 s bucket: the cumulative count at le=1 must be 2 of 3.
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == 1 && b.GetCumulativeCount() != 2 {
			t.Errorf("le=1 bucket = %d, want 2", b.GetCumulativeCount())
		}
	}
}

func TestHandlerServesTheDefaultRegistryToo(t *testing.T) {
	t.Parallel()
	m := newMetrics(t)
	families := metricstest.Scrape(t, startServer(t, m)+"/metrics")
	if _, ok := families["go_goroutines"]; !ok {
		t.Errorf("the default registry's go_goroutines is missing")
	}
}
