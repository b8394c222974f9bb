package ansible_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/jaegertest"
)

// monitoring.yml's jaeger role renders Jaeger's configuration and unit and Grafana's Jaeger
// datasource; the real Jaeger serves with that configuration: it takes OTLP/HTTP spans and
// answers its query API.
func TestJaegerServesWithRenderedConfig(t *testing.T) {
	t.Parallel()
	jaeger := jaegertest.Program(t)
	otlp, query, queryGRPC := freeAddr(t), freeAddr(t), freeAddr(t)
	port := func(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }
	root := t.TempDir()
	vars := map[string]any{
		"jaeger_listen_host": "127.0.0.1", "jaeger_otlp_port": port(otlp), "jaeger_query_port": port(query),
		"jaeger_query_grpc_port": port(queryGRPC),
	}
	renderLocally(t, "monitoring.yml", root, vars)

	unit := readFile(t, filepath.Join(root, "etc/systemd/system/jaeger.service"))
	if !strings.Contains(unit, "ExecStart=/usr/local/bin/jaeger --config /etc/jaeger/config.yaml") {
		t.Errorf("jaeger.service does not run the installed program on its config:\n%s", unit)
	}
	var ds struct {
		Datasources []struct{ UID, Type, URL string } `yaml:"datasources"`
	}
	readYAML(t, filepath.Join(root, "etc/grafana/provisioning/datasources/jaeger.yaml"), &ds)
	if len(ds.Datasources) != 1 || ds.Datasources[0].UID != "jaeger" || ds.Datasources[0].URL != "http://localhost:"+port(query) {
		t.Errorf("Grafana's Jaeger datasource %+v, want uid jaeger at http://localhost:%s", ds.Datasources, port(query))
	}

	cmd := exec.Command(jaeger, "--config", filepath.Join(root, "etc/jaeger/config.yaml"))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	otlpLocal := "127.0.0.1:" + port(otlp)
	queryLocal := "127.0.0.1:" + port(query)
	waitListening(t, otlpLocal, &logs)
	waitListening(t, queryLocal, &logs)

	// An empty OTLP/JSON export is a valid request: the receiver answers 200.
	resp, err := http.Post("http://"+otlpLocal+"/v1/traces", "application/json", strings.NewReader(`{"resourceSpans":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("POST /v1/traces = %d, want 200\n%s", resp.StatusCode, logs.String())
	}
	resp, err = http.Get(fmt.Sprintf("http://%s/api/services", queryLocal))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/services = %d, want 200\n%s", resp.StatusCode, logs.String())
	}
}
