package needs_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

const missing = "no-such-program-for-needs-test"

// The child runs Program on a missing program; the parent checks what the child reports under
// each environment. Skips and failures end a test, so only a child can show them.
func TestChildLooksUpAMissingProgram(t *testing.T) {
	if os.Getenv("NEEDS_TEST_CHILD") != "1" {
		t.Skip("runs only as the child of TestMissingProgram")
	}
	needs.Program(t, missing, "some-package")
	t.Error("Program returned for a missing program")
}

func TestMissingProgram(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		wantFail bool
		want     string
	}{
		{"host", []string{"TEST_SRCDIR=", needs.EnvRequire + "="}, false,
			"skipped: " + missing + " not installed: apt-get install some-package"},
		{"bazel", []string{"TEST_SRCDIR=/runfiles", needs.EnvRequire + "="}, true,
			missing + " not found: apt-get install some-package (required"},
		{"required", []string{"TEST_SRCDIR=", needs.EnvRequire + "=1"}, true,
			missing + " not found: apt-get install some-package (required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildLooksUpAMissingProgram$", "-test.v", "-test.count=1")
			cmd.Env = append(append(os.Environ(), "NEEDS_TEST_CHILD=1"), tt.env...)
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tt.wantFail {
				t.Errorf("child failed: %v, want %v\n%s", failed, tt.wantFail, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("child said:\n%s\nwant a line with %q", out, tt.want)
			}
			if !tt.wantFail && !strings.Contains(string(out), "--- SKIP") {
				t.Errorf("child said:\n%s\nwant the test skipped", out)
			}
		})
	}
}

func TestFindLooksInDirsAfterPath(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/"+missing, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, ok := needs.Find(missing, dir); !ok || got != dir+"/"+missing {
		t.Errorf("Find = %q, %v; want the program in the extra folder", got, ok)
	}
	if _, ok := needs.Find(missing); ok {
		t.Error("Find found a program that is nowhere on PATH")
	}
}
