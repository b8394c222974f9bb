package ansible_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// postgres.yml configures the newest cluster for the backend hosts; teardown.yml then removes
// everything site.yml and postgres.yml wrote, and keeps the data (registry storage) it is not
// asked to delete.
func TestPostgresAndTeardownUndoSite(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	// Debian's layout: /etc/postgresql/<major>/main; the newest (17, not 9) is the one used.
	for _, major := range []string{"9", "17"} {
		if err := os.MkdirAll(filepath.Join(root, "etc/postgresql", major, "main"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]any{
		"backend_image_tag":   "1.2.3",
		"backend_database":    "postgres",
		"backend_db_password": "postgres-password",
	}
	renderLocally(t, "postgres.yml", root, vars)
	hba := readFile(t, filepath.Join(root, "etc/postgresql/17/main/pg_hba.conf"))
	for _, line := range []string{"host user user 10.0.0.21/32 scram-sha-256", "host training training 10.0.0.22/32 scram-sha-256", "host trainer trainer localhost scram-sha-256"} {
		if !strings.Contains(hba, line) {
			t.Errorf("pg_hba.conf lacks %q:\n%s", line, hba)
		}
	}
	if conf := readFile(t, filepath.Join(root, "etc/postgresql/17/main/conf.d/kratos-monorepo.conf")); !strings.Contains(conf, "listen_addresses = '*'") {
		t.Errorf("the cluster does not listen on the network:\n%s", conf)
	}
	if _, err := os.Stat(filepath.Join(root, "etc/postgresql/9/main/pg_hba.conf")); err == nil {
		t.Error("the older cluster was configured too")
	}

	renderLocally(t, "site.yml", root, vars)
	written := []string{
		"etc/kratos-monorepo/user.env", "etc/kratos-monorepo/training/conf/config.yaml",
		"etc/systemd/system/kratos-trainer.service", "etc/systemd/system/nacos.service",
		"etc/kratos-monorepo/nacos.env", "etc/prometheus/targets/services/kratos-monorepo.json",
		"etc/grafana/provisioning/datasources/prometheus.yaml",
		"etc/systemd/system/jaeger.service", "etc/jaeger/config.yaml",
		"etc/nginx/sites-enabled/kratos-registry-ui.conf", "var/www/kratos-registry-ui/index.html",
	}
	for _, f := range written {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Fatalf("site.yml did not write %s: %v", f, err)
		}
	}

	out := renderLocally(t, "teardown.yml", root, nil)
	for _, f := range append(written, "etc/kratos-monorepo/training", "etc/postgresql/17/main/conf.d/kratos-monorepo.conf") {
		if _, err := os.Stat(filepath.Join(root, f)); err == nil {
			t.Errorf("teardown.yml left %s", f)
		}
	}
	if hba := readFile(t, filepath.Join(root, "etc/postgresql/17/main/pg_hba.conf")); strings.Contains(hba, "kratos-monorepo") {
		t.Errorf("teardown.yml left the pg_hba block:\n%s", hba)
	}
	// Data stays unless teardown_data=true: the registry's storage folder is still there.
	if _, err := os.Stat(filepath.Join(root, "var/lib/docker-registry")); err != nil {
		t.Errorf("teardown.yml deleted the registry's storage without teardown_data: %v\n%s", err, out)
	}
}
