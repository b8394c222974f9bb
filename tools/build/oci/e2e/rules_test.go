// Package e2e_test checks what the Starlark rules in //tools/build/oci:defs.bzl produce: the
// layouts, the tarball and the push launchers Bazel built, against the real registry.
package e2e_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/internal/ocitest"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/registrytest"
)

// maxImageBytes is the limit for a service image (config plus compressed layers).
const maxImageBytes = 20 << 20

// artifact is a Bazel output named by the go_test's env; under plain `go test` there is none.
func artifact(t *testing.T, env string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		t.Skipf("$%s is unset: these tests check Bazel outputs; run bazel test //tools/build/oci/e2e:e2e_test", env)
	}
	abs, err := filepath.Abs(ocitest.Runfile(p))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func layoutImage(t *testing.T, env string) v1.Image {
	t.Helper()
	img, err := image.ReadLayout(artifact(t, env))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func mustDigest(t *testing.T, img v1.Image) v1.Hash {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTwoTargetsOfTheSameInputsGiveTheSameDigest(t *testing.T) {
	t.Parallel()
	a, b := layoutImage(t, "OCI_LAYOUT"), layoutImage(t, "OCI_LAYOUT_AGAIN")
	if da, db := mustDigest(t, a), mustDigest(t, b); da != db {
		t.Fatalf("hello_image %s != hello_image_again %s", da, db)
	}
}

func TestImageIsSmallAndStamped(t *testing.T) {
	t.Parallel()
	img := layoutImage(t, "OCI_LAYOUT")
	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	total := m.Config.Size
	for _, l := range m.Layers {
		total += l.Size
	}
	if total > maxImageBytes {
		t.Errorf("image is %d bytes, over %d", total, maxImageBytes)
	}
	t.Logf("image size: %d bytes in %d layers", total, len(m.Layers))
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	rev := cfg.Config.Labels["org.opencontainers.image.revision"]
	if !regexp.MustCompile(`^([0-9a-f]{40}|unknown)$`).MatchString(rev) {
		t.Errorf("revision label %q is not a git commit", rev)
	}
	if v := cfg.Config.Labels["org.opencontainers.image.version"]; v == "" || strings.Contains(v, "{") {
		t.Errorf("version label %q was not stamped", v)
	}
}

func TestTarballLoadsAsTheSameImage(t *testing.T) {
	t.Parallel()
	img := layoutImage(t, "OCI_LAYOUT")
	cfg, _ := img.ConfigFile()
	tag, err := name.NewTag("kratos-monorepo/hello:" + cfg.Config.Labels["org.opencontainers.image.version"])
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := tarball.ImageFromPath(artifact(t, "OCI_TARBALL"), &tag)
	if err != nil {
		t.Fatalf("the tarball has no image tagged %s: %v", tag, err)
	}
	want, _ := img.ConfigName()
	if got, err := loaded.ConfigName(); err != nil || got != want {
		t.Errorf("tarball image ID %s (%v), layout %s", got, err, want)
	}
}

func TestBinaryRunsFromTheBuiltImage(t *testing.T) {
	t.Parallel()
	img := layoutImage(t, "OCI_LAYOUT")
	cfg, _ := img.ConfigFile()
	root := ocitest.Extract(t, img)
	if got := ocitest.RunEntrypoint(t, root, cfg, "-version"); !strings.HasPrefix(got, "hello ") {
		t.Errorf("-version printed %q", got)
	}
	if got := ocitest.RunEntrypoint(t, root, cfg, "-health"); !strings.HasPrefix(got, "ok uid=65532 ") {
		t.Errorf("-health printed %q", got)
	}
}

// run starts a push launcher as `bazel run` would, with a clean credential environment.
func run(t *testing.T, script string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runWithInput(t, script, "", env, args...)
}

func runWithInput(t *testing.T, script, stdin string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(script, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "DOCKER_CONFIG="+t.TempDir(), "REGISTRY_USERNAME=", "REGISTRY_PASSWORD=")
	cmd.Env = append(cmd.Env, env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func TestPushLauncherAgainstARegistryWithAuth(t *testing.T) {
	t.Parallel()
	script := artifact(t, "OCI_PUSH")
	reg := registrytest.Start(t, registrytest.WithBasicAuth("ci", "push-secret"))
	want := reg.Host + "/kratos-monorepo/hello@" + mustDigest(t, layoutImage(t, "OCI_LAYOUT")).String()

	_, stderr, err := run(t, script, nil, "--registry="+reg.Host)
	if err == nil || !strings.Contains(stderr, "reason: registry-unauthorized") || !strings.Contains(stderr, "docker login") {
		t.Fatalf("push without credentials: err %v, stderr:\n%s", err, stderr)
	}

	creds := []string{"REGISTRY_USERNAME=ci", "REGISTRY_PASSWORD=push-secret"}
	stdout, stderr, err := run(t, script, creds, "--registry="+reg.Host)
	if err != nil {
		t.Fatalf("push: %v\n%s\nregistry log:\n%s", err, stderr, reg.Log())
	}
	if strings.TrimSpace(stdout) != want {
		t.Errorf("printed %q, want %q", stdout, want)
	}
	if !strings.Contains(stderr, "3 blob(s) uploaded, 2 manifest(s) written") {
		t.Errorf("first push summary: %s", stderr)
	}

	// REGISTRY from the environment works like the flag, and nothing travels twice.
	stdout, stderr, err = run(t, script, append(creds, "REGISTRY="+reg.Host))
	if err != nil || strings.TrimSpace(stdout) != want {
		t.Fatalf("second push: %v, printed %q\n%s", err, stdout, stderr)
	}
	if !strings.Contains(stderr, "0 blob(s) uploaded, 0 manifest(s) written") {
		t.Errorf("second push sent something: %s", stderr)
	}
}

func TestPushGroupPushesEveryImage(t *testing.T) {
	t.Parallel()
	script := artifact(t, "OCI_PUSH_ALL")
	reg := registrytest.Start(t)
	stdout, stderr, err := run(t, script, nil, "--registry", reg.Host)
	if err != nil {
		t.Fatalf("push group: %v\n%s", err, stderr)
	}
	digest := mustDigest(t, layoutImage(t, "OCI_LAYOUT")).String()
	want := reg.Host + "/kratos-monorepo/hello-again@" + digest + "\n" + reg.Host + "/kratos-monorepo/hello@" + digest + "\n"
	if stdout != want {
		t.Errorf("printed\n%s\nwant\n%s", stdout, want)
	}
}

// Launchers that reset the environment (the Bazel root's `env -i`) still pass arguments and
// standard input: credentials must work through them, as `docker login --password-stdin` does.
func TestPushLauncherTakesCredentialsFromFlags(t *testing.T) {
	t.Parallel()
	script := artifact(t, "OCI_PUSH")
	reg := registrytest.Start(t, registrytest.WithBasicAuth("ci", "push-secret"))
	want := reg.Host + "/kratos-monorepo/hello@" + mustDigest(t, layoutImage(t, "OCI_LAYOUT")).String()

	stdout, stderr, err := runWithInput(t, script, "push-secret\n", nil, "--registry="+reg.Host, "--username=ci", "--password-stdin")
	if err != nil || strings.TrimSpace(stdout) != want {
		t.Fatalf("--username/--password-stdin: %v, printed %q\n%s", err, stdout, stderr)
	}

	dir := t.TempDir()
	auth := base64.StdEncoding.EncodeToString([]byte("ci:push-secret"))
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"auths":{"`+reg.Host+`":{"auth":"`+auth+`"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err = run(t, script, nil, "--registry="+reg.Host, "--docker-config="+dir)
	if err != nil || strings.TrimSpace(stdout) != want {
		t.Fatalf("--docker-config: %v, printed %q\n%s", err, stdout, stderr)
	}

	_, stderr, err = run(t, script, nil, "--registry="+reg.Host, "--username=ci")
	if err == nil || !strings.Contains(stderr, "reason: incomplete-credentials") {
		t.Errorf("--username without a password: %v\n%s", err, stderr)
	}
}
