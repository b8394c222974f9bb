// Package ansible_test runs the real ansible-playbook on deploy/ansible: a syntax check of every
// playbook against the example inventory, ansible-lint when installed, and real runs against
// this machine (local connection) that write every file under a temporary deploy_root, with
// package installs and systemd switched off (no apt or systemd where tests run). The rendered
// files are then given to the real programs: promtool checks prometheus.yml, the Distribution
// registry serves with the rendered config and accounts.
package ansible_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var playbooks = []string{"site.yml", "prepare.yml", "registry.yml", "nacos.yml", "monitoring.yml", "postgres.yml", "backend.yml", "teardown.yml", "prepare-infra-images.yml"}

// backendVars are the variables backend.yml needs: the image tag, and a keys folder of the
// test's own (the default is next to the inventory, testdata/keys).
func backendVars(t *testing.T, extra map[string]any) map[string]any {
	t.Helper()
	vars := map[string]any{"backend_image_tag": "1.2.3", "backend_keys_dir": filepath.Join(t.TempDir(), "keys")}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func TestPlaybooksPassSyntaxCheck(t *testing.T) {
	t.Parallel()
	for _, playbook := range playbooks {
		t.Run(playbook, func(t *testing.T) {
			t.Parallel()
			ansible(t, "--syntax-check", "-i", "inventory.example.ini", playbook)
		})
	}
}

// ansible-lint is optional: Debian packages it with the whole Ansible collection set, which the
// Bazel root does not install.
func TestAnsibleLint(t *testing.T) {
	t.Parallel()
	lint, err := exec.LookPath("ansible-lint")
	if err != nil {
		t.Skip("ansible-lint not installed (optional: apt-get install ansible-lint)")
	}
	home := t.TempDir()
	cmd := exec.Command(lint, "--nocolor", "--offline")
	cmd.Env = append(os.Environ(), "HOME="+home, "ANSIBLE_HOME="+filepath.Join(home, ".ansible"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ansible-lint: %v\n%s", err, out)
	}
}

func TestSiteRendersEveryFileAndIsIdempotent(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	vars := backendVars(t, map[string]any{
		"backend_config": map[string]any{"training": map[string]any{"log": map[string]any{"level": "debug"}}},
	})
	keysDir := vars["backend_keys_dir"].(string)
	first := renderLocally(t, "site.yml", root, vars)
	firstKeys := readFile(t, filepath.Join(keysDir, "user.pem")) + readFile(t, filepath.Join(keysDir, "training.pem"))
	if changedCount(t, first) == "0" {
		t.Fatalf("first run changed nothing:\n%s", first)
	}
	// Deprecations become failures in a later ansible-core (the Bazel root runs Debian sid's).
	if strings.Contains(first, "WARNING]") {
		t.Errorf("ansible-playbook warned:\n%s", first)
	}

	t.Run("prometheus.yml passes promtool", func(t *testing.T) {
		promtool := lookPath(t, "promtool", "prometheus")
		out, err := exec.Command(promtool, "check", "config", filepath.Join(root, "etc/prometheus/prometheus.yml")).CombinedOutput()
		if err != nil {
			t.Fatalf("promtool check config: %v\n%s", err, out)
		}
	})
	t.Run("service targets list every backend host per service", func(t *testing.T) {
		var groups []struct {
			Targets []string          `json:"targets"`
			Labels  map[string]string `json:"labels"`
		}
		readJSON(t, filepath.Join(root, "etc/prometheus/targets/services/kratos-monorepo.json"), &groups)
		want := map[string][]string{}
		for service, ports := range backendServices(t) {
			for _, host := range []string{"localhost", "10.0.0.21", "10.0.0.22"} {
				want[service] = append(want[service], fmt.Sprintf("%s:%d", host, ports[0]))
			}
		}
		if len(groups) != len(want) {
			t.Fatalf("got %d target groups, want %d: %+v", len(groups), len(want), groups)
		}
		for _, g := range groups {
			if !slices.Equal(g.Targets, want[g.Labels["service"]]) {
				t.Errorf("service %q: targets %v, want %v", g.Labels["service"], g.Targets, want[g.Labels["service"]])
			}
		}
	})
	t.Run("nacos targets", func(t *testing.T) {
		var groups []struct {
			Targets []string `json:"targets"`
		}
		readJSON(t, filepath.Join(root, "etc/prometheus/targets/nacos/nacos.json"), &groups)
		if len(groups) != 1 || !slices.Equal(groups[0].Targets, []string{"localhost:8848"}) {
			t.Fatalf("nacos targets %+v, want localhost:8848", groups)
		}
	})
	t.Run("grafana gets the repository's dashboards and a datasource on the local Prometheus", func(t *testing.T) {
		for _, name := range []string{"cqrs-handlers.json", "nacos-health.json", "services-red.json"} {
			sameFile(t, filepath.Join("../grafana/dashboards", name), filepath.Join(root, "var/lib/grafana/dashboards", name))
		}
		sameFile(t, "../grafana/provisioning/dashboards/kratos-monorepo.yaml",
			filepath.Join(root, "etc/grafana/provisioning/dashboards/kratos-monorepo.yaml"))
		var ds struct {
			Datasources []struct{ UID, URL string } `yaml:"datasources"`
		}
		readYAML(t, filepath.Join(root, "etc/grafana/provisioning/datasources/prometheus.yaml"), &ds)
		if len(ds.Datasources) != 1 || ds.Datasources[0].UID != "prometheus" || ds.Datasources[0].URL != "http://localhost:9090" {
			t.Fatalf("datasources %+v, want uid prometheus at http://localhost:9090", ds.Datasources)
		}
	})
	t.Run("units run each pushed image on its own ports with its config at /data/conf", func(t *testing.T) {
		for service, ports := range backendServices(t) {
			unit := readFile(t, filepath.Join(root, "etc/systemd/system/kratos-"+service+".service"))
			for _, want := range []string{
				fmt.Sprintf("-p %d:8000 -p %d:9000", ports[0], ports[1]),
				fmt.Sprintf("-v /etc/kratos-monorepo/%s/conf:/data/conf:ro", service),
				fmt.Sprintf("--env-file /etc/kratos-monorepo/%s.env", service),
				fmt.Sprintf("docker pull localhost:5000/kratos-monorepo/%s:1.2.3", service),
			} {
				if !strings.Contains(unit, want) {
					t.Errorf("kratos-%s.service lacks %q:\n%s", service, want, unit)
				}
			}
			env := filepath.Join(root, "etc/kratos-monorepo", service+".env")
			if info, err := os.Stat(env); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v, mode %v; want 0600 (it holds a signing key)", env, err, info.Mode().Perm())
			}
			// Only the user service and training sign, each with its own key.
			signs := strings.Contains(readFile(t, env), "APP_SIGNING_KEY=")
			if want := service != "trainer"; signs != want {
				t.Errorf("%s holds a signing key: %v, want %v", env, signs, want)
			}
		}
		training := readFile(t, filepath.Join(root, "etc/kratos-monorepo/training.env"))
		for _, want := range []string{"APP_TRAINER_GRPC=localhost:9001\n", "APP_USER_GRPC=localhost:9002\n"} {
			if !strings.Contains(training, want) {
				t.Errorf("training.env lacks %q:\n%s", want, training)
			}
		}
	})
	t.Run("config overrides are YAML in the mounted folder", func(t *testing.T) {
		var conf struct {
			Log struct{ Level string } `yaml:"log"`
		}
		readYAML(t, filepath.Join(root, "etc/kratos-monorepo/training/conf/config.yaml"), &conf)
		if conf.Log.Level != "debug" {
			t.Fatalf("training log.level %q, want the override debug", conf.Log.Level)
		}
	})

	t.Run("token keys are made on the control node, readable by its owner only", func(t *testing.T) {
		if info, err := os.Stat(keysDir); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, want a 0700 folder", keysDir, err)
		}
		for _, name := range []string{"user.pem", "training.pem"} {
			if info, err := os.Stat(filepath.Join(keysDir, name)); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v, want 0600", name, err)
			}
		}
	})

	second := renderLocally(t, "site.yml", root, vars)
	if got := changedCount(t, second); got != "0" {
		t.Fatalf("second run changed %s tasks, want 0:\n%s", got, second)
	}
	if readFile(t, filepath.Join(keysDir, "user.pem"))+readFile(t, filepath.Join(keysDir, "training.pem")) != firstKeys {
		t.Error("the second run made new keys: they are made once per deployment")
	}
	if strings.Contains(first+second, "PRIVATE KEY") {
		t.Error("ansible-playbook printed a private key")
	}
}

func TestBackendRefusesAMissingTagOrAnUnknownRegistry(t *testing.T) {
	t.Parallel()
	for name, vars := range map[string]map[string]any{
		"no tag":           {"backend_image_tag": ""},
		"unknown registry": {"backend_image_tag": "1.2.3", "backend_registry": "consul"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			out, err := runPlaybook(t, localArgs(t, "backend.yml", root, vars)...)
			if err == nil || !strings.Contains(out, "Set backend_image_tag") {
				t.Fatalf("backend.yml accepted %v:\n%s", vars, out)
			}
			if _, err := os.Stat(filepath.Join(root, "etc/systemd/system")); !os.IsNotExist(err) {
				t.Fatalf("backend.yml wrote units before refusing: %v", err)
			}
		})
	}
}

func TestRegistryServesWithRenderedConfigAndAccounts(t *testing.T) {
	t.Parallel()
	registry := lookPath(t, "docker-registry", "docker-registry")
	lookPath(t, "htpasswd", "apache2-utils")
	root := t.TempDir()
	addr := freeAddr(t)
	vars := map[string]any{
		"registry_listen": addr,
		"registry_users":  []map[string]string{{"name": "ci", "password": "first-password"}},
	}
	renderLocally(t, "registry.yml", root, vars)
	if got := changedCount(t, renderLocally(t, "registry.yml", root, vars)); got != "0" {
		t.Fatalf("second run with the same account changed %s tasks, want 0", got)
	}
	vars["registry_users"] = []map[string]string{{"name": "ci", "password": "second-password"}}
	renderLocally(t, "registry.yml", root, vars)

	cmd := exec.Command(registry, "serve", filepath.Join(root, "etc/docker/registry/config.yml"))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	url := "http://" + addr + "/v2/"
	waitListening(t, addr, &logs)
	for _, tc := range []struct {
		name, user, password string
		want                 int
	}{
		{"no account", "", "", http.StatusUnauthorized},
		{"old password", "ci", "first-password", http.StatusUnauthorized},
		{"current password", "ci", "second-password", http.StatusOK},
	} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if tc.user != "" {
			req.SetBasicAuth(tc.user, tc.password)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, logs.String())
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: GET /v2/ = %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "var/lib/docker-registry")); err != nil {
		t.Errorf("storage folder under deploy_root: %v", err)
	}
}
