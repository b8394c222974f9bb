package prometheus_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/deploy/grafana"
	"github.com/kratos-monorepo/monorepo/deploy/internal/exporttest"
)

// The real Prometheus, on the shipped configuration, scrapes a running service and holds its
// request, CQRS handler and Nacos client series with the values the service recorded; every
// panel query of the shipped dashboards is accepted and finds data.
func TestPrometheusScrapesServiceSeries(t *testing.T) {
	svc := exporttest.Start(t)
	prom := startPrometheus(t, []fileSDGroup{{Targets: []string{svc.Addr}, Labels: map[string]string{"service": "trainer"}}})

	want := []struct {
		expr  string
		check func(float64) bool
		says  string
	}{
		{`up{job="services",service="trainer"}`, eq(1), "= 1"},
		{`server_requests_code_total{service="trainer",kind="http",operation="/hours",code="200"}`, eq(exporttest.OKRequests), fmt.Sprint("= ", exporttest.OKRequests)},
		{`server_requests_code_total{service="trainer",operation="/full",code="409",reason="hour-not-available"}`, eq(exporttest.FailedRequests), fmt.Sprint("= ", exporttest.FailedRequests)},
		{`server_requests_duration_seconds_count{service="trainer",operation="/hours"}`, eq(exporttest.OKRequests), fmt.Sprint("= ", exporttest.OKRequests)},
		{`cqrs_handler_calls_total{service="trainer",kind="command",name="ScheduleTraining"}`, eq(exporttest.CommandCalls), fmt.Sprint("= ", exporttest.CommandCalls)},
		{`cqrs_handler_errors_total{service="trainer",kind="command",name="ScheduleTraining",reason="balance-too-low"}`, eq(1), "= 1"},
		{`cqrs_handler_duration_seconds_count{service="trainer",kind="query",name="AllTrainings"}`, eq(exporttest.QueryCalls), fmt.Sprint("= ", exporttest.QueryCalls)},
		{`nacos_monitor{service="trainer",module="serviceInfo",name="serviceInfoMapSize"}`, atLeast(1), ">= 1"},
		{`sum(nacos_client_request_count{service="trainer",module="naming"})`, atLeast(1), ">= 1"},
		{fmt.Sprintf(`client_requests_code_total{service="trainer",operation=%q,code="200"}`, exporttest.ClientOperation), eq(exporttest.ClientCalls), fmt.Sprint("= ", exporttest.ClientCalls)},
	}

	deadline := time.Now().Add(60 * time.Second)
	for {
		var missing []string
		for _, w := range want {
			got, err := prom.query(w.expr)
			switch {
			case err != nil:
				t.Fatalf("Prometheus rejected %s: %v", w.expr, err)
			case len(got) != 1:
				missing = append(missing, fmt.Sprintf("%s: %d series", w.expr, len(got)))
			case !w.check(got[0].float()):
				missing = append(missing, fmt.Sprintf("%s = %v, want %s", w.expr, got[0].float(), w.says))
			}
		}
		missing = append(missing, emptyDashboardQueries(t, prom)...)
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s Prometheus still lacks:\n  %s\nprometheus log:\n%s", strings.Join(missing, "\n  "), prom.log)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// dashboardVariables stand in for Grafana's: this service, every kind, a rate window of several
// 1 s scrapes.
var dashboardVariables = strings.NewReplacer(
	"$__rate_interval", "30s", "$__range", "5m", "$service", "trainer", "$kind", ".*",
)

// emptyDashboardQueries runs every panel query of the shipped dashboards; Prometheus must
// accept each one, and each must find data about the running service.
func emptyDashboardQueries(t *testing.T, prom *promServer) []string {
	t.Helper()
	dashboards, err := grafana.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	var empty []string
	for _, d := range dashboards {
		for _, p := range d.Panels {
			for _, q := range p.Targets {
				expr := dashboardVariables.Replace(q.Expr)
				got, err := prom.query(expr)
				if err != nil {
					t.Fatalf("%s, panel %q: Prometheus rejected the query: %v", d.File, p.Title, err)
				}
				if len(got) == 0 {
					empty = append(empty, fmt.Sprintf("%s, panel %q: no data for %s", d.File, p.Title, expr))
				}
			}
		}
	}
	return empty
}

func eq(want float64) func(float64) bool   { return func(v float64) bool { return v == want } }
func atLeast(n float64) func(float64) bool { return func(v float64) bool { return v >= n } }
