package metrics_test

import (
	"context"
	"net/http"
	"testing"

	kratoshttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/testing/metricstest"
)

// A kratos client with the Client middleware records its outgoing calls, with the histogram
// boundaries WithBuckets asked for.
func TestClientMiddlewareRecordsOutgoingCalls(t *testing.T) {
	t.Parallel()
	m := newMetrics(t, metrics.WithoutDefaultRegistry(), metrics.WithBuckets(0.5, 1))
	base := startServer(t, m)
	ctx := context.Background()
	cli, err := kratoshttp.NewClient(ctx, kratoshttp.WithEndpoint(base[len("http://"):]), kratoshttp.WithMiddleware(m.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	var out map[string]int
	if err := cli.Invoke(ctx, http.MethodGet, "/hours", nil, &out, kratoshttp.Operation("/trainer.v1.Hours/Get")); err != nil {
		t.Fatal(err)
	}
	if err := cli.Invoke(ctx, http.MethodGet, "/full", nil, &out, kratoshttp.Operation("/trainer.v1.Hours/Full")); err == nil {
		t.Fatal("the /full route should fail")
	}

	families := metricstest.Scrape(t, base+"/metrics")
	ok := metricstest.Find(families, "client_requests_code_total",
		map[string]string{"kind": "http", "operation": "/trainer.v1.Hours/Get", "code": "200"})
	failed := metricstest.Find(families, "client_requests_code_total",
		map[string]string{"operation": "/trainer.v1.Hours/Full", "code": "409", "reason": "hour-not-available"})
	if ok.GetCounter().GetValue() != 1 || failed.GetCounter().GetValue() != 1 {
		t.Fatalf("client calls ok=%v failed=%v, want 1 and 1", ok, failed)
	}
	h := metricstest.Find(families, "client_requests_duration_seconds", map[string]string{"operation": "/trainer.v1.Hours/Get"}).GetHistogram()
	var bounds []float64
	for _, b := range h.GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	if h.GetSampleCount() != 1 || len(bounds) < 2 || bounds[0] != 0.5 || bounds[1] != 1 {
		t.Fatalf("duration histogram: count %d, bounds %v; want 1 sample and bounds 0.5, 1", h.GetSampleCount(), bounds)
	}
}
