package ansible_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run.sh is what `bazel run //deploy/ansible:<playbook>` runs: it must pick the workspace's
// playbook and pass the arguments on, with paths relative to where bazel was called.
func TestRunWrapperPassesArgumentsFromTheCallersFolder(t *testing.T) {
	t.Parallel()
	lookPath(t, "ansible-playbook", "ansible-core")
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	workspace := filepath.Dir(filepath.Dir(here))
	home := t.TempDir()
	cmd := exec.Command(filepath.Join(here, "run.sh"), "backend", "--list-hosts", "-i", "inventory.example.ini")
	cmd.Dir = t.TempDir() // the wrapper must not depend on its own working directory
	cmd.Env = append(os.Environ(),
		"BUILD_WORKSPACE_DIRECTORY="+workspace,
		"BUILD_WORKING_DIRECTORY="+here,
		"HOME="+home,
		"ANSIBLE_HOME="+filepath.Join(home, ".ansible"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "tmp"),
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("run.sh: %v\n%s", err, out)
	}
	// backend.yml's play runs on [backend], which is node1 alone in the example inventory.
	if !strings.Contains(string(out), "hosts (1):\n      node1") {
		t.Fatalf("run.sh backend --list-hosts:\n%s\nwant the example inventory's backend host node1", out)
	}
}
