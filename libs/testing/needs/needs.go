// Package needs finds the programs a test runs (PostgreSQL, Prometheus, the Distribution
// registry, ansible-playbook, htpasswd) and decides what a missing one means:
//
//   - under Bazel the test fails: the Bazel root installs every such program
//     (tools/build/bazel-root/packages.txt), so a missing one is a broken set-up, never a reason to
//     pass without testing;
//   - with REQUIRE_TEST_SERVERS=1 it fails as well (a CI host that promises the packages);
//   - otherwise (`go test ./...` on a host with only Go) the test is skipped with one line
//     naming the Debian package to install.
package needs

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EnvRequire set to 1 makes a missing program fail the tests outside Bazel too.
const EnvRequire = "REQUIRE_TEST_SERVERS"

// Strict reports whether a missing program fails the test rather than skipping it: under Bazel
// (which sets TEST_SRCDIR for every test) or with REQUIRE_TEST_SERVERS=1.
func Strict() bool {
	return os.Getenv("TEST_SRCDIR") != "" || os.Getenv(EnvRequire) == "1"
}

// Missing ends t because what (a program, or a description of several) is not installed:
// skipped with one line naming debianPackage, or failed when Strict.
func Missing(t testing.TB, what, debianPackage string) {
	t.Helper()
	missing(t, what, "apt-get install "+debianPackage, "tools/build/bazel-root/packages.txt")
}

// MissingTool is Missing for a program no Debian package has (Jaeger): how says how to
// install it.
func MissingTool(t testing.TB, what, how string) {
	t.Helper()
	missing(t, what, how, "tools/build/bazel-root/root.sh")
}

// missing skips t, or fails it when Strict; how says how to install what, rootFile where the
// Bazel root installs it from.
func missing(t testing.TB, what, how, rootFile string) {
	t.Helper()
	if Strict() {
		t.Fatalf("%s not found: %s (required: under Bazel the root installs it, see %s; outside "+
			"Bazel %s=1 asks for it)", what, how, rootFile, EnvRequire)
	}
	t.Skipf("skipped: %s not installed: %s", what, how)
}

// Program is the path of program, found on PATH or else in dirs (where Debian puts binaries
// that are not on PATH); when it is nowhere it calls Missing.
func Program(t testing.TB, program, debianPackage string, dirs ...string) string {
	t.Helper()
	if path, ok := Find(program, dirs...); ok {
		return path
	}
	Missing(t, program, debianPackage)
	return ""
}

// Find is Program without the test: the path of program on PATH or in dirs.
func Find(program string, dirs ...string) (string, bool) {
	if path, err := exec.LookPath(program); err == nil {
		return path, true
	}
	for _, dir := range dirs {
		path := filepath.Join(dir, program)
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
			return path, true
		}
	}
	return "", false
}
