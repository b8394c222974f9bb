// Package ocitest has the helpers the image tests share: the example binary, Bazel runfiles,
// and running an image's entrypoint inside its extracted file system.
package ocitest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/rootfs"
)

// EnvExampleBinary names the example binary Bazel built (set by the go_test's env, a runfiles
// path); without it the helper builds the example with the go command, as `go test` runs.
const EnvExampleBinary = "OCI_EXAMPLE_BINARY"

const examplePackage = "github.com/kratos-monorepo/monorepo/tools/build/oci/testdata/hello"

var example struct {
	once sync.Once
	data []byte
	err  error
}

// ExampleBinary returns the bytes of a static build of tools/build/oci/testdata/hello, built once
// per test binary.
func ExampleBinary(t testing.TB) []byte {
	t.Helper()
	example.once.Do(func() { example.data, example.err = loadExample() })
	if example.err != nil {
		t.Fatal(example.err)
	}
	return example.data
}

// Runfile resolves a $(rootpath) a go_test's env names: rules_go runs tests in their package
// directory, not at the runfiles root the path is relative to.
func Runfile(path string) string {
	if filepath.IsAbs(path) || os.Getenv("TEST_SRCDIR") == "" {
		return path
	}
	return filepath.Join(os.Getenv("TEST_SRCDIR"), os.Getenv("TEST_WORKSPACE"), path)
}

func loadExample() ([]byte, error) {
	if path := os.Getenv(EnvExampleBinary); path != "" {
		return os.ReadFile(Runfile(path))
	}
	dir, err := os.MkdirTemp("", "ocitest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "hello")
	cmd := exec.Command("go", "build", "-trimpath", "-o", path, examplePackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", examplePackage, err, out)
	}
	return os.ReadFile(path)
}

// Extract writes the image's flattened file system into a new directory and returns it.
func Extract(t testing.TB, img v1.Image) string {
	t.Helper()
	root := t.TempDir()
	if err := rootfs.Extract(img, root); err != nil {
		t.Fatal(err)
	}
	return root
}

// RunEntrypoint runs the image's entrypoint plus args chrooted into root as the image's user
// (rootfs.Command) and returns stdout; a non-zero exit fails the test.
func RunEntrypoint(t testing.TB, root string, cfg *v1.ConfigFile, args ...string) string {
	t.Helper()
	cmd, err := rootfs.Command(root, cfg, nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v in the image's root %s: %v\nstdout: %s\nstderr: %s", cmd.Args, root, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}
