// The Bazel root's set-up must fail with a clear message, and leave nothing half-made, when the
// machine cannot host it. These tests run root.sh against a fresh cache folder each.
package bazelroot_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runEnsure runs a copy of root.sh (readable by any user) with a fresh, empty cache folder.
func runEnsure(t *testing.T, env []string, asUser bool) (string, string) {
	t.Helper()
	// Under /tmp rather than the test's own temporary folder, which other users cannot reach.
	scratch, err := os.MkdirTemp("/tmp", "bazel-root-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(scratch) })
	script := filepath.Join(scratch, "tools", "build", "bazel-root", "root.sh")
	cache := filepath.Join(scratch, "cache")
	for _, f := range []string{"root.sh", "packages.txt"} {
		copyFile(t, f, filepath.Join(filepath.Dir(script), f))
	}
	if err := os.MkdirAll(cache, 0o777); err != nil {
		t.Fatal(err)
	}
	name, args := "/bin/bash", []string{script, "ensure", "7.7.1"}
	if asUser {
		if os.Getuid() != 0 {
			t.Skip("needs root to drop to an unprivileged user") // CI and Bazel run as root
		}
		for _, dir := range []string{scratch, cache} {
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		}
		name, args = "setpriv", append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", name}, args...)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + cache, "BAZEL_ROOT_CACHE=" + cache}, env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("root.sh ensure succeeded, want a failure; output:\n%s", out)
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	return string(out), cache
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

func assertClearFailure(t *testing.T, out, cache, want string) {
	t.Helper()
	if !strings.Contains(out, "tools/bazel: "+want) {
		t.Errorf("output does not say %q:\n%s", want, out)
	}
	if lines := strings.Count(strings.TrimSpace(out), "\n") + 1; lines > 4 {
		t.Errorf("want a short message, got %d lines:\n%s", lines, out)
	}
	if made, _ := filepath.Glob(filepath.Join(cache, "bazel-*")); len(made) > 0 {
		t.Errorf("left behind %v", made)
	}
}

func TestWithoutRootRightsItSaysSo(t *testing.T) {
	out, cache := runEnsure(t, nil, true)
	assertClearFailure(t, out, cache, "the Bazel root needs root rights")
}

func TestWithoutDiskSpaceItSaysSo(t *testing.T) {
	out, cache := runEnsure(t, []string{"BAZEL_ROOT_MIN_FREE_GIB=100000000"}, false)
	assertClearFailure(t, out, cache, "not enough disk space")
}

func TestWithTheArchiveUnreachableItSaysSo(t *testing.T) {
	// A port that was just free: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	out, cache := runEnsure(t, []string{"DEBIAN_MIRROR=http://" + addr + "/debian"}, false)
	assertClearFailure(t, out, cache, "the Debian archive http://"+addr+"/debian is unreachable")
}
