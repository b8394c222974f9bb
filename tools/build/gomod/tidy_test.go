// Package gomod_test checks the module's dependency list: go.mod and go.sum are exactly what
// `go mod tidy` makes of the module's imports, so the list Bazel (go_deps) and `go build` read
// has nothing missing and nothing stale.
package gomod_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestGoModIsTidy(t *testing.T) {
	goBin := goCommand(t)
	root := moduleRoot(t)
	cmd := exec.Command(goBin, "mod", "tidy", "-diff")
	cmd.Dir = root
	// -diff changes no file; the build cache goes to the test's own folder (under Bazel the
	// home folder is read-only), the module cache and proxy are the caller's.
	cmd.Env = append(os.Environ(), "GOCACHE="+t.TempDir(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go mod tidy -diff in %s: %v\n%s%s\nrun `go mod tidy`, then `bazel mod tidy`", root, err, stdout.String(), stderr.String())
	}
}

// goCommand is the go command of the toolchain that runs the test: $GOROOT/bin/go (Bazel's
// root exports GOROOT), else go on PATH.
func goCommand(t *testing.T) string {
	t.Helper()
	if goroot := os.Getenv("GOROOT"); goroot != "" {
		if p := filepath.Join(goroot, "bin", "go"); fileExists(p) {
			return p
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command: set GOROOT or put go on PATH")
	}
	return p
}

// moduleRoot is the source folder holding go.mod: under Bazel the go.mod in the runfiles is a
// link to it; under go test it is three folders up.
func moduleRoot(t *testing.T) string {
	t.Helper()
	for _, candidate := range []string{"go.mod", "../../../go.mod"} {
		if resolved, err := filepath.EvalSymlinks(candidate); err == nil {
			if abs, err := filepath.Abs(resolved); err == nil {
				return filepath.Dir(abs)
			}
		}
	}
	if rf := os.Getenv("TEST_SRCDIR"); rf != "" {
		if resolved, err := filepath.EvalSymlinks(filepath.Join(rf, os.Getenv("TEST_WORKSPACE"), "go.mod")); err == nil {
			return filepath.Dir(resolved)
		}
	}
	t.Fatal("go.mod not found")
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
