// Package ocitest has the helpers the image tests share: the example binary, the pinned CA
// roots, and running an image's entrypoint inside its extracted file system.
package ocitest

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// EnvExampleBinary names the example binary Bazel built (set by the go_test's env, a runfiles
// path); without it the helper builds the example with the go command, as `go test` runs.
const EnvExampleBinary = "OCI_EXAMPLE_BINARY"

const examplePackage = "github.com/kratos-monorepo/monorepo/tools/oci/testdata/hello"

var example struct {
	once sync.Once
	data []byte
	err  error
}

// ExampleBinary returns the bytes of a static build of tools/oci/testdata/hello, built once
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
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return root
		}
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(root, filepath.Clean("/"+hdr.Name))
		mode := os.FileMode(hdr.Mode & 0o777)
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, mode)
		case tar.TypeReg:
			err = writeFile(target, tr, mode)
		default:
			t.Fatalf("%s: unexpected tar entry type %c", hdr.Name, hdr.Typeflag)
		}
		if err == nil {
			// Chmod again: MkdirAll obeys the umask, and the sticky bit needs an explicit call.
			if hdr.Mode&0o1000 != 0 {
				mode |= os.ModeSticky
			}
			err = os.Chmod(target, mode)
		}
		if err == nil {
			err = os.Lchown(target, hdr.Uid, hdr.Gid)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func writeFile(path string, r io.Reader, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// RunEntrypoint runs the image's entrypoint plus args the way a container engine would, with
// no engine: chrooted into the extracted root, as the image's user, with the image's
// environment and working directory. It returns stdout and fails the test on a non-zero exit.
func RunEntrypoint(t testing.TB, root string, cfg *v1.ConfigFile, args ...string) string {
	t.Helper()
	argv := append(append([]string(nil), cfg.Config.Entrypoint...), args...)
	uid, gid := userIDs(t, cfg.Config.User)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = cfg.Config.Env
	cmd.Dir = "/"
	if cfg.Config.WorkingDir != "" {
		cmd.Dir = cfg.Config.WorkingDir
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Chroot:     root,
		Credential: &syscall.Credential{Uid: uid, Gid: gid},
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v in the image's root %s: %v\nstdout: %s\nstderr: %s", argv, root, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func userIDs(t testing.TB, user string) (uint32, uint32) {
	t.Helper()
	u, g, ok := strings.Cut(user, ":")
	uid, err := strconv.ParseUint(u, 10, 32)
	if err != nil {
		t.Fatalf("image user %q is not numeric", user)
	}
	gid := uid
	if ok {
		if gid, err = strconv.ParseUint(g, 10, 32); err != nil {
			t.Fatalf("image user %q has a non-numeric group", user)
		}
	}
	return uint32(uid), uint32(gid)
}
