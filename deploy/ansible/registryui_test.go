package ansible_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// registry.yml's web UI: the real nginx serves the rendered site (the page, and the real
// registry's API behind it with the registry's own accounts), read-only.
func TestRegistryUIServesThePageAndTheAPI(t *testing.T) {
	t.Parallel()
	registry := lookPath(t, "docker-registry", "docker-registry")
	// Debian installs nginx in /usr/sbin, which is not on the PATH of a test under Bazel.
	nginx := needs.Program(t, "nginx", "nginx", "/usr/sbin")
	lookPath(t, "htpasswd", "apache2-utils")
	root := t.TempDir()
	registryAddr, uiAddr := freeAddr(t), freeAddr(t)
	renderLocally(t, "registry.yml", root, map[string]any{
		"registry_listen":      registryAddr,
		"registry_users":       []map[string]string{{"name": "ci", "password": "ui-password"}},
		"registry_ui_listen":   uiAddr,
		"registry_ui_upstream": registryAddr,
	})
	var logs bytes.Buffer
	start := func(name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	}
	start(registry, "serve", filepath.Join(root, "etc/docker/registry/config.yml"))

	// nginx's main configuration as Debian's includes sites-enabled, with its state in root; one
	// process (no master and workers), so that stopping it stops all of it.
	mainConf := filepath.Join(root, "nginx.conf")
	if err := os.WriteFile(mainConf, []byte(fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log stderr;
events {}
http {
  access_log off;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  include %[1]s/etc/nginx/sites-enabled/*.conf;
}
`, root)), 0o644); err != nil {
		t.Fatal(err)
	}
	start(nginx, "-c", mainConf, "-p", root)
	waitListening(t, registryAddr, &logs)
	waitListening(t, uiAddr, &logs)

	client := &http.Client{Timeout: 30 * time.Second}
	get := func(method, path string, auth bool) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+uiAddr+path, nil)
		if auth {
			req.SetBasicAuth("ci", "ui-password")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, logs.String())
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get(http.MethodGet, "/", false); code != http.StatusOK || !strings.Contains(body, `api("_catalog`) {
		t.Errorf("GET / = %d, want 200 and the page reading the catalog:\n%.300s", code, body)
	}
	if code, _ := get(http.MethodGet, "/v2/_catalog", false); code != http.StatusUnauthorized {
		t.Errorf("GET /v2/_catalog without the account = %d, want 401 (the registry's accounts apply)", code)
	}
	code, body := get(http.MethodGet, "/v2/_catalog", true)
	var catalog struct {
		Repositories []string `json:"repositories"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &catalog) != nil {
		t.Errorf("GET /v2/_catalog with the account = %d %q, want 200 and the catalog", code, body)
	}
	if code, _ := get(http.MethodDelete, "/v2/kratos-monorepo/user/manifests/latest", true); code != http.StatusForbidden {
		t.Errorf("DELETE through the UI = %d, want 403 (read-only)", code)
	}
}
