package ansible_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeImageScript stands in for deploy/images/debian-image.sh (which needs root, debootstrap and
// the Debian archive): it writes an empty tarball and a versions file as the real one does
// (every installed package: postgresql's image is tagged with postgresql-15's version, not the
// metapackage's), and prints the tarball's path.
const fakeImageScript = `#!/bin/sh
set -eu
[ "$1" = --cache ] || { echo "want --cache first, got $1" >&2; exit 2; }
cache=$2 name=$3
shift 3
mkdir -p "$cache"
: >"$cache/$name-0123456789ab.tar.gz"
for p in "$@"; do
  case $p in
    prometheus) echo "prometheus 2.42.0+ds-5+b5" ;;
    postgresql) echo "postgresql 15+248+deb12u1"; echo "postgresql-15 15.8-0+deb12u1" ;;
    *) echo "$p 1:1.0~rc1-2" ;;
  esac
done >"$cache/$name-0123456789ab.versions"
echo "[debian-image $name] built" >&2
echo "$cache/$name-0123456789ab.tar.gz"
`

// fakeDocker records every docker command line, one a line, and what login reads from stdin.
const fakeDocker = `#!/bin/sh
printf '%s\n' "$*" >>"$DOCKER_CALLS"
if [ "$1" = login ]; then printf 'login stdin: %s\n' "$(cat)" >>"$DOCKER_CALLS"; fi
`

func TestPrepareInfraImagesTagsPushesAndRecords(t *testing.T) {
	bin := t.TempDir()
	script := filepath.Join(bin, "debian-image.sh")
	if err := os.WriteFile(script, []byte(fakeImageScript), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "docker"), []byte(fakeDocker), 0o755); err != nil {
		t.Fatal(err)
	}
	calls := filepath.Join(t.TempDir(), "docker-calls")
	t.Setenv("DOCKER_CALLS", calls)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	record := filepath.Join(t.TempDir(), "infra-images.json")
	// A tag recorded by an earlier run of another image stays.
	if err := os.WriteFile(record, []byte(`{"nginx": "1.22.1-9"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{
		"infra_images_script":        script,
		"infra_images_cache":         t.TempDir(),
		"infra_images_record":        record,
		"infra_images_build":         []string{"prometheus", "postgresql"},
		"infra_images_push_registry": "127.0.0.1:5999",
		"registry_users":             []map[string]string{{"name": "ci", "password": "s3cret"}},
	}
	encoded, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	out := ansible(t, "-i", "testdata/inventory.ini", "-e", string(encoded), "prepare-infra-images.yml")

	docker := readFile(t, calls)
	for _, want := range []string{
		"login --username ci --password-stdin 127.0.0.1:5999\n",
		// The password goes through standard input, never the command line.
		"login stdin: s3cret\n",
		// Docker's tags have no + or ~: they become _.
		"push --quiet 127.0.0.1:5999/infra/prometheus:2.42.0_ds-5_b5\n",
		"push --quiet 127.0.0.1:5999/infra/postgresql:15.8-0_deb12u1\n",
		"rmi 127.0.0.1:5999/infra/prometheus:2.42.0_ds-5_b5\n",
		"--change USER prometheus",
		"--change EXPOSE 9090",
		`--change CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/var/lib/prometheus/metrics2"]`,
		"--change LABEL org.opencontainers.image.version=2.42.0+ds-5+b5",
	} {
		if !strings.Contains(docker, want) {
			t.Errorf("docker was not run with %q; its calls:\n%s\n%s", want, docker, out)
		}
	}
	if strings.Contains(docker, "infra/registry") || strings.Contains(docker, "infra/nginx") {
		t.Errorf("images outside infra_images_build were pushed:\n%s", docker)
	}
	if strings.Contains(out, "s3cret") {
		t.Errorf("the registry password shows in the output:\n%s", out)
	}
	var tags map[string]string
	readJSON(t, record, &tags)
	want := map[string]string{"prometheus": "2.42.0_ds-5_b5", "postgresql": "15.8-0_deb12u1", "nginx": "1.22.1-9"}
	if len(tags) != len(want) {
		t.Errorf("recorded tags %v, want %v", tags, want)
	}
	for name, tag := range want {
		if tags[name] != tag {
			t.Errorf("recorded tags %v, want %v", tags, want)
		}
	}

	bad := map[string]any{"infra_images_script": script, "infra_images_build": []string{"grafana"}, "infra_images_record": record}
	encoded, _ = json.Marshal(bad)
	out, err = runPlaybook(t, "-i", "testdata/inventory.ini", "-e", string(encoded), "prepare-infra-images.yml")
	if err == nil || !strings.Contains(out, "infra_images_build names ['grafana']") {
		t.Errorf("an unknown image name: %v, want a failure naming it:\n%s", err, out)
	}
}

func TestPrometheusFromTheRegistryImage(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	vars := map[string]any{
		"infra_from_registry": true,
		"infra_image_tags":    map[string]string{"prometheus": "2.42.0_ds-5_b5"},
		"monitoring_grafana":  false,
	}
	renderLocally(t, "monitoring.yml", root, vars)
	unit := readFile(t, filepath.Join(root, "etc/systemd/system/infra-prometheus.service"))
	for _, want := range []string{
		"docker pull localhost:5000/infra/prometheus:2.42.0_ds-5_b5\n",
		"--network host",
		"-v /etc/prometheus:/etc/prometheus:ro",
		"ExecReload=-/usr/bin/docker kill --signal HUP infra-prometheus",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("infra-prometheus.service lacks %q:\n%s", want, unit)
		}
	}
	// The configuration the container mounts is the one the package mode renders.
	sameFile(t, "../prometheus/prometheus.yml", filepath.Join(root, "etc/prometheus/prometheus.yml"))

	// Without a recorded tag the role says what to run first.
	vars["infra_image_tags"] = map[string]string{}
	out, err := runPlaybook(t, localArgs(t, "monitoring.yml", t.TempDir(), vars)...)
	if err == nil || !strings.Contains(out, "run prepare-infra-images first") {
		t.Errorf("no tag: %v, want a failure saying to run prepare-infra-images:\n%s", err, out)
	}
}
