package grafana_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"gopkg.in/yaml.v3"

	"github.com/kratos-monorepo/monorepo/deploy/grafana"
	"github.com/kratos-monorepo/monorepo/deploy/internal/exporttest"
	"github.com/kratos-monorepo/monorepo/libs/testing/metricstest"
)

// prometheusGenerated are the series Prometheus itself writes for every scrape target
// (https://prometheus.io/docs/concepts/jobs_instances/); no service exports them.
var prometheusGenerated = []string{"up", "scrape_duration_seconds", "scrape_samples_scraped",
	"scrape_samples_post_metric_relabeling", "scrape_series_added"}

func TestMetricNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want []string
	}{
		{`up`, []string{"up"}},
		{`sum by (service) (rate(server_requests_code_total{service=~"$service",code!~"2.."}[$__rate_interval]))`, []string{"server_requests_code_total"}},
		{`histogram_quantile(0.95, sum by (le, op) (rate(a_bucket{x="y"}[5m])))`, []string{"a_bucket"}},
		{`sum(rate(a_total[1m])) / sum(rate(b_total[1m])) > 1e3`, []string{"a_total", "b_total"}},
		{`a_total{reason="on (by) x"} and on (service) b`, []string{"a_total", "b"}},
		{`label_values(cqrs_handler_calls_total, kind)`, []string{"cqrs_handler_calls_total"}},
		{`count by (service) (x{a="1"}) offset 5m`, []string{"x"}},
	}
	for _, tt := range tests {
		if got := grafana.MetricNames(tt.expr); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MetricNames(%s) = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

// exportedNames scrapes a running service and lists every series name a query may use:
// histogram families expand to their _bucket, _sum and _count series.
func exportedNames(t *testing.T) map[string]bool {
	t.Helper()
	svc := exporttest.Start(t)
	families := metricstest.Scrape(t, "http://"+svc.Addr+"/metrics")
	names := map[string]bool{}
	for name, f := range families {
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			names[name+"_bucket"], names[name+"_sum"], names[name+"_count"] = true, true, true
		case dto.MetricType_SUMMARY:
			names[name], names[name+"_sum"], names[name+"_count"] = true, true, true
		default:
			names[name] = true
		}
	}
	for _, n := range prometheusGenerated {
		names[n] = true
	}
	return names
}

func TestDashboardsAreValidAndQueryOnlyExportedMetrics(t *testing.T) {
	dashboards, err := grafana.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	if len(dashboards) < 3 {
		t.Fatalf("found %d dashboards, want the RED, CQRS and Nacos ones", len(dashboards))
	}
	exported := exportedNames(t)
	dsUID := provisionedDatasourceUID(t)
	uids := map[string]string{}
	for _, d := range dashboards {
		t.Run(d.File, func(t *testing.T) {
			if d.UID == "" || d.Title == "" || d.SchemaVersion == 0 {
				t.Errorf("uid %q, title %q, schemaVersion %d: all are required", d.UID, d.Title, d.SchemaVersion)
			}
			if other, dup := uids[d.UID]; dup {
				t.Errorf("uid %q also used by %s", d.UID, other)
			}
			uids[d.UID] = d.File
			var queries []string
			ids := map[int]bool{}
			for _, p := range d.Panels {
				if ids[p.ID] {
					t.Errorf("panel id %d used twice", p.ID)
				}
				ids[p.ID] = true
				if p.GridPos.W <= 0 || p.GridPos.X+p.GridPos.W > 24 || p.GridPos.H <= 0 {
					t.Errorf("panel %q: gridPos %+v outside the 24-column grid", p.Title, p.GridPos)
				}
				if p.Datasource == nil || p.Datasource.UID != dsUID {
					t.Errorf("panel %q: datasource %+v, want uid %q", p.Title, p.Datasource, dsUID)
				}
				if len(p.Targets) == 0 {
					t.Errorf("panel %q has no query", p.Title)
				}
				for _, q := range p.Targets {
					queries = append(queries, q.Expr)
				}
			}
			for _, v := range d.Templating.List {
				if v.Type == "query" {
					queries = append(queries, v.Definition)
				}
			}
			for _, q := range queries {
				names := grafana.MetricNames(q)
				if len(names) == 0 {
					t.Errorf("query reads no metric: %s", q)
				}
				for _, n := range names {
					if !exported[n] {
						t.Errorf("%s queries %s, which no service exports", d.File, n)
					}
				}
			}
		})
	}
}

func provisionedDatasourceUID(t *testing.T) string {
	t.Helper()
	raw, err := grafana.Files.ReadFile("provisioning/datasources/prometheus.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
			URL  string `yaml:"url"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	if ds.APIVersion != 1 || len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || ds.Datasources[0].URL == "" {
		t.Fatalf("datasource provisioning = %+v", ds)
	}
	return ds.Datasources[0].UID
}

func TestDashboardProvisioningPointsAtAFolder(t *testing.T) {
	t.Parallel()
	raw, err := grafana.Files.ReadFile("provisioning/dashboards/kratos-monorepo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Type    string `yaml:"type"`
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	if err := yaml.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.APIVersion != 1 || len(p.Providers) != 1 || p.Providers[0].Type != "file" || !strings.HasPrefix(p.Providers[0].Options.Path, "/") {
		t.Fatalf("dashboard provisioning = %+v", p)
	}
}

func TestParseErrorNamesTheFile(t *testing.T) {
	t.Parallel()
	inner := errors.New("unexpected end of JSON input")
	err := &grafana.ParseError{File: "dashboards/x.json", Err: inner}
	if !errors.Is(err, inner) || !strings.Contains(err.Error(), "dashboards/x.json") {
		t.Fatalf("ParseError = %v", err)
	}
}

// Every dashboard links to the traces: Explore on the provisioned Jaeger datasource.
func TestDashboardsLinkToTheTraces(t *testing.T) {
	raw, err := grafana.Files.ReadFile("provisioning/datasources/jaeger.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
			URL  string `yaml:"url"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	if ds.APIVersion != 1 || len(ds.Datasources) != 1 || ds.Datasources[0].Type != "jaeger" || ds.Datasources[0].URL == "" {
		t.Fatalf("jaeger datasource provisioning = %+v", ds)
	}
	uid := ds.Datasources[0].UID
	dashboards, err := grafana.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dashboards {
		found := false
		for _, l := range d.Links {
			u, err := url.Parse(l.URL)
			if err != nil || u.Path != "/explore" {
				continue
			}
			var left struct {
				Datasource string `json:"datasource"`
			}
			if json.Unmarshal([]byte(u.Query().Get("left")), &left) == nil && left.Datasource == uid {
				found = true
			}
		}
		if !found {
			t.Errorf("%s has no link to Explore on the %q datasource: %+v", d.File, uid, d.Links)
		}
	}
}
