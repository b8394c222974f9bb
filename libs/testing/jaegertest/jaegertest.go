// Package jaegertest starts a real Jaeger (the all-in-one program, memory storage) on free
// loopback ports for a test, and reads traces back through its query API.
//
// The program is not a Debian package: it is built once from the Go module proxy
// (tools/jaeger/install.sh, which the Bazel root runs, puts it in /usr/local/bin). A test
// without it is skipped with one line under `go test`, and fails under Bazel (libs/testing/needs).
package jaegertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/childproc"
	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// Install is how to get the program, for the skip line.
const Install = "run tools/jaeger/install.sh (builds github.com/jaegertracing/jaeger/cmd/jaeger into /usr/local/bin)"

// Jaeger is one running instance.
type Jaeger struct {
	// OTLP is host:port of the OTLP/HTTP receiver: a service's tracing.otlp_endpoint.
	OTLP string
	// Query is the base URL of the query API and UI (http://127.0.0.1:port).
	Query string
}

// Config is Jaeger's configuration (it is an OpenTelemetry Collector): OTLP/HTTP in, the
// traces kept in memory, the query API and UI on queryHTTP (its gRPC API on queryGRPC), and
// no metrics listener of its own. deploy/ansible's role renders the same shape.
func Config(otlpHTTP, queryHTTP, queryGRPC string) string {
	return fmt.Sprintf(`service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: %s
    grpc:
      endpoint: %s
receivers:
  otlp:
    protocols:
      http:
        endpoint: %s
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`, queryHTTP, queryGRPC, otlpHTTP)
}

// Program is the path of the jaeger program, or the test ends (skipped or failed, see needs).
func Program(t testing.TB) string {
	t.Helper()
	if path, ok := needs.Find("jaeger", "/usr/local/bin"); ok {
		return path
	}
	needs.MissingTool(t, "jaeger", Install)
	return ""
}

// Start runs Jaeger until the test ends.
func Start(t testing.TB) *Jaeger {
	t.Helper()
	bin := Program(t)
	ports, err := freeport.Addrs(3)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "jaeger.yaml")
	if err := os.WriteFile(cfg, []byte(Config(ports[0], ports[1], ports[2])), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "--config", cfg)
	cmd.Stdout, cmd.Stderr = &out, &out
	p, err := childproc.Start(cmd)
	if err != nil {
		t.Fatalf("starting jaeger: %v", err)
	}
	t.Cleanup(func() { p.Stop(10 * time.Second) })
	j := &Jaeger{OTLP: ports[0], Query: "http://" + ports[1]}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-p.Done():
			t.Fatalf("jaeger exited (%v):\n%s", p.Err(), out.String())
		default:
		}
		if j.ready() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("jaeger not ready after 30s:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (j *Jaeger) ready() bool {
	resp, err := http.Get(j.Query + "/api/services")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	conn, err := net.DialTimeout("tcp", j.OTLP, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// Span is one span of a trace as the query API shows it.
type Span struct {
	TraceID, SpanID, ParentID string
	Service                   string
	Name                      string
	Tags                      map[string]string
}

// Trace returns the spans Jaeger holds for traceID (none when it has not seen it yet).
func (j *Jaeger) Trace(ctx context.Context, traceID string) ([]Span, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.Query+"/api/traces/"+traceID, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/traces/%s: %s", traceID, resp.Status)
	}
	var body struct {
		Data []struct {
			TraceID string `json:"traceID"`
			Spans   []struct {
				TraceID       string `json:"traceID"`
				SpanID        string `json:"spanID"`
				OperationName string `json:"operationName"`
				ProcessID     string `json:"processID"`
				References    []struct {
					RefType string `json:"refType"`
					SpanID  string `json:"spanID"`
				} `json:"references"`
				Tags []struct {
					Key   string `json:"key"`
					Value any    `json:"value"`
				} `json:"tags"`
			} `json:"spans"`
			Processes map[string]struct {
				ServiceName string `json:"serviceName"`
			} `json:"processes"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("GET /api/traces/%s: %w", traceID, err)
	}
	var spans []Span
	for _, tr := range body.Data {
		for _, s := range tr.Spans {
			span := Span{TraceID: s.TraceID, SpanID: s.SpanID, Name: s.OperationName,
				Service: tr.Processes[s.ProcessID].ServiceName, Tags: map[string]string{}}
			for _, ref := range s.References {
				if ref.RefType == "CHILD_OF" {
					span.ParentID = ref.SpanID
				}
			}
			for _, tag := range s.Tags {
				span.Tags[tag.Key] = fmt.Sprint(tag.Value)
			}
			spans = append(spans, span)
		}
	}
	return spans, nil
}

// WaitTrace polls Trace until done accepts the spans or the timeout passes, and returns the
// last spans seen: exporters send in batches, so a trace fills in over a few seconds.
func (j *Jaeger) WaitTrace(t testing.TB, traceID string, timeout time.Duration, done func([]Span) bool) []Span {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		spans, err := j.Trace(context.Background(), traceID)
		if err != nil {
			t.Fatal(err)
		}
		if done(spans) || time.Now().After(deadline) {
			return spans
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Services are the service names in spans, each once, in order of appearance.
func Services(spans []Span) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range spans {
		if !seen[s.Service] {
			seen[s.Service] = true
			out = append(out, s.Service)
		}
	}
	return out
}

// Named are the spans whose name starts with prefix.
func Named(spans []Span, prefix string) []Span {
	var out []Span
	for _, s := range spans {
		if strings.HasPrefix(s.Name, prefix) {
			out = append(out, s)
		}
	}
	return out
}
