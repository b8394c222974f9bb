package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/internal/ocitest"
)

// The go_test's env names the Bazel-built tool; under `go test` it is built here.
const envOcitool = "OCITOOL"

var tool struct {
	once sync.Once
	path string
	err  error
}

func ocitool(t *testing.T) string {
	t.Helper()
	tool.once.Do(func() {
		if p := os.Getenv(envOcitool); p != "" {
			tool.path, tool.err = filepath.Abs(ocitest.Runfile(p))
			return
		}
		dir, err := os.MkdirTemp("", "ocitool-")
		if err != nil {
			tool.err = err
			return
		}
		tool.path = filepath.Join(dir, "ocitool")
		out, err := exec.Command("go", "build", "-o", tool.path, "github.com/kratos-monorepo/monorepo/tools/build/oci/cmd/ocitool").CombinedOutput()
		if err != nil {
			tool.err = &exec.ExitError{Stderr: out}
		}
	})
	if tool.err != nil {
		t.Fatalf("ocitool: %v", tool.err)
	}
	return tool.path
}

func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command(ocitool(t), args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	return o.String(), e.String(), err
}

// inputs writes the example binary, the CA roots and a workspace status file.
func inputs(t *testing.T) (dir, binary, certs, status string) {
	t.Helper()
	dir = t.TempDir()
	binary = filepath.Join(dir, "hello")
	if err := os.WriteFile(binary, ocitest.ExampleBinary(t), 0o755); err != nil {
		t.Fatal(err)
	}
	certs = filepath.Join(dir, "ca.crt")
	if _, stderr, err := run(t, "cacerts", "--out", certs); err != nil {
		t.Fatalf("cacerts: %v\n%s", err, stderr)
	}
	status = filepath.Join(dir, "stable-status.txt")
	if err := os.WriteFile(status, []byte("STABLE_GIT_COMMIT 0123abc\nSTABLE_VERSION 1.2.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, binary, certs, status
}

func TestBuildTarballAndCheck(t *testing.T) {
	t.Parallel()
	dir, binary, certs, status := inputs(t)
	layout := filepath.Join(dir, "layout")
	_, stderr, err := run(t, "build", "--binary", binary, "--binary-name", "hello", "--cacerts", certs,
		"--port", "8000/tcp", "--port", "9000/tcp", "--label", "org.opencontainers.image.revision={STABLE_GIT_COMMIT}",
		"--stamp-file", status, "--out", layout, "--digest-out", filepath.Join(dir, "digest"))
	if err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	img, err := image.ReadLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := img.Digest()
	written, _ := os.ReadFile(filepath.Join(dir, "digest"))
	if strings.TrimSpace(string(written)) != digest.String() {
		t.Errorf("--digest-out has %q, layout holds %s", written, digest)
	}
	cfg, _ := img.ConfigFile()
	if got := cfg.Config.Labels["org.opencontainers.image.revision"]; got != "0123abc" {
		t.Errorf("stamped label = %q", got)
	}

	tarball := filepath.Join(dir, "image.tar")
	if _, stderr, err := run(t, "tarball", "--layout", layout, "--repo-tag", "kratos/hello:{STABLE_VERSION}", "--stamp-file", status, "--out", tarball); err != nil {
		t.Fatalf("tarball: %v\n%s", err, stderr)
	}
	if stdout, stderr, err := run(t, "check", "--layout", layout, "--max-bytes", "20971520", "--port", "8000/tcp"); err != nil || !strings.Contains(stdout, digest.String()) {
		t.Fatalf("check: %v\n%s%s", err, stdout, stderr)
	}
	if _, stderr, err := run(t, "check", "--layout", layout, "--max-bytes", "1000"); err == nil || !strings.Contains(stderr, "reason: image-too-large") {
		t.Errorf("check with a 1000-byte limit: %v\n%s", err, stderr)
	}
}

func TestBadInputFailsWithTheReason(t *testing.T) {
	t.Parallel()
	dir, binary, certs, status := inputs(t)
	tests := []struct {
		name   string
		args   []string
		reason string
	}{
		{"label without value", []string{"build", "--binary", binary, "--binary-name", "hello", "--cacerts", certs, "--label", "novalue", "--out", filepath.Join(dir, "a")}, "reason: bad-key-value"},
		{"unknown stamp key", []string{"expand", "--value", "{STABLE_NOPE}", "--stamp-file", status, "--out", filepath.Join(dir, "tags")}, "reason: stamp-key-missing"},
		{"dynamic binary", []string{"build", "--binary", "/bin/true", "--binary-name", "true", "--cacerts", certs, "--out", filepath.Join(dir, "b")}, "reason: binary-not-static"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, err := run(t, tt.args...)
			if err == nil || !strings.Contains(stderr, tt.reason) {
				t.Errorf("err %v, stderr %q; want a failure naming %q", err, stderr, tt.reason)
			}
		})
	}
	// Nothing half-written is left behind by a refused build.
	if _, err := os.Stat(filepath.Join(dir, "b", "index.json")); err == nil {
		t.Error("a refused build wrote a layout")
	}
}

func TestExpandWritesOneTagPerLine(t *testing.T) {
	t.Parallel()
	dir, _, _, status := inputs(t)
	out := filepath.Join(dir, "tags")
	if _, stderr, err := run(t, "expand", "--value", "{STABLE_VERSION}", "--value", "{STABLE_GIT_COMMIT}", "--stamp-file", status, "--out", out); err != nil {
		t.Fatalf("expand: %v\n%s", err, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != "1.2.3\n0123abc\n" {
		t.Errorf("tags file = %q", got)
	}
}

func TestCheckRunsTheImageFromItsOwnFileSystem(t *testing.T) {
	t.Parallel()
	dir, binary, certs, _ := inputs(t)
	layout := filepath.Join(dir, "layout")
	if _, stderr, err := run(t, "build", "--binary", binary, "--binary-name", "hello", "--cacerts", certs, "--out", layout); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	stdout, stderr, err := run(t, "check", "--layout", layout, "--run-arg", "-version",
		"--serve-env", "APP_HTTP_ADDR=127.0.0.1:{port1}", "--serve-health-url", "http://127.0.0.1:{port1}/healthz")
	if err != nil {
		t.Fatalf("check: %v\n%s%s", err, stdout, stderr)
	}
	if !strings.Contains(stdout, "hello dev") || !strings.Contains(stdout, "answered 200") {
		t.Errorf("check output lacks the version or the health answer:\n%s", stdout)
	}
	// The example binary is unstamped ("dev"): an image labelled with another version fails.
	labelled := filepath.Join(dir, "labelled")
	if _, stderr, err := run(t, "build", "--binary", binary, "--binary-name", "hello", "--cacerts", certs,
		"--label", "org.opencontainers.image.version=9.9.9", "--out", labelled); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	_, stderr, err = run(t, "check", "--layout", labelled, "--run-arg", "-version", "--run-output-label", "org.opencontainers.image.version")
	if err == nil || !strings.Contains(stderr, "reason: smoke-label-mismatch") {
		t.Errorf("a binary printing another version than its image's label passed the check: %v\n%s", err, stderr)
	}
	_, stderr, err = run(t, "check", "--layout", layout, "--run-arg", "-no-such-flag")
	if err == nil || !strings.Contains(stderr, "reason: smoke-run-failed") {
		t.Errorf("a failing entrypoint passed the check: %v\n%s", err, stderr)
	}
}
