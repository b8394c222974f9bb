package prometheus_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kratos-monorepo/monorepo/deploy/prometheus"
	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// promServer is a real Prometheus process started by the test.
type promServer struct {
	base string
	log  *bytes.Buffer
}

// prometheusBinary is the Debian `prometheus` binary (its systemd service need not run); without
// it the test is skipped, or fails under Bazel (libs/testing/needs).
func prometheusBinary(t *testing.T) string {
	t.Helper()
	return needs.Program(t, "prometheus", "prometheus")
}

// startPrometheus runs the Debian `prometheus` binary on the shipped prometheus.yml, with the
// scrape interval cut to 1 s and the services' file_sd targets set to targets.
func startPrometheus(t *testing.T, targets []fileSDGroup) *promServer {
	t.Helper()
	bin := prometheusBinary(t)
	dir := t.TempDir()
	writeConfig(t, dir)
	writeTargets(t, filepath.Join(dir, "targets", "services", "test.json"), targets)

	port := freePort(t)
	log := &bytes.Buffer{}
	cmd := exec.Command(bin,
		"--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address=127.0.0.1:"+strconv.Itoa(port),
		"--log.level=warn",
	)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	p := &promServer{base: "http://127.0.0.1:" + strconv.Itoa(port), log: log}

	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("prometheus exited: %v\n%s", err, log)
		default:
		}
		if resp, err := http.Get(p.base + "/-/ready"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready within 30 s\n%s", log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	return lis.Addr().(*net.TCPAddr).Port
}

// writeConfig copies the shipped configuration, changing only the intervals.
func writeConfig(t *testing.T, dir string) {
	t.Helper()
	raw, err := prometheus.Files.ReadFile("prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("prometheus.yml is not YAML: %v", err)
	}
	global, _ := cfg["global"].(map[string]any)
	if global == nil {
		t.Fatal("prometheus.yml has no global section")
	}
	global["scrape_interval"], global["evaluation_interval"] = "1s", "1s"
	out, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fileSDGroup is one entry of a Prometheus file_sd JSON file.
type fileSDGroup struct {
	Targets []string          `json:"targets"`
	Labels  map[string]string `json:"labels"`
}

func writeTargets(t *testing.T, path string, groups []fileSDGroup) {
	t.Helper()
	raw, err := json.Marshal(groups)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sample is one series of an instant-vector answer.
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func (s sample) float() float64 {
	text, _ := s.Value[1].(string)
	f, _ := strconv.ParseFloat(text, 64)
	return f
}

// query evaluates expr through /api/v1/query; an error means Prometheus rejected it.
func (p *promServer) query(expr string) ([]sample, error) {
	resp, err := http.Get(p.base + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string          `json:"resultType"`
			Result     json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("query %q: %s", expr, body.Error)
	}
	var out []sample
	if body.Data.ResultType == "vector" {
		if err := json.Unmarshal(body.Data.Result, &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}
