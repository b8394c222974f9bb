package ansible_test

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// lookPath finds a program the tests need; without it the test is skipped naming the Debian
// package that has it, or fails under Bazel, whose root installs it (libs/testing/needs).
func lookPath(t *testing.T, program, debianPackage string) string {
	t.Helper()
	return needs.Program(t, program, debianPackage)
}

// runPlaybook runs ansible-playbook in this folder (the sources under go test, the runfiles under
// Bazel) with its ansible.cfg, no privilege escalation and Ansible's state in a temporary home.
func runPlaybook(t *testing.T, args ...string) (string, error) {
	t.Helper()
	playbook := lookPath(t, "ansible-playbook", "ansible-core")
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cmd := exec.Command(playbook, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"ANSIBLE_HOME="+filepath.Join(home, ".ansible"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "tmp"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(home, "remote-tmp"),
		"ANSIBLE_CONFIG="+filepath.Join(dir, "ansible.cfg"),
		"ANSIBLE_BECOME=false",
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_FORCE_COLOR=0",
	)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// ansible runs ansible-playbook and fails the test when it fails.
func ansible(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runPlaybook(t, args...)
	if err != nil {
		t.Fatalf("ansible-playbook %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// localArgs are the arguments running playbook against localhost only, writing under root.
func localArgs(t *testing.T, playbook, root string, extraVars map[string]any) []string {
	t.Helper()
	vars := map[string]any{
		"deploy_root":             root,
		"deploy_install_packages": false,
		"deploy_manage_services":  false,
	}
	for k, v := range extraVars {
		vars[k] = v
	}
	encoded, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"-i", "testdata/inventory.ini", "--limit", "localhost", "-e", string(encoded), playbook}
}

// renderLocally runs a playbook against localhost only, writing under root.
func renderLocally(t *testing.T, playbook, root string, extraVars map[string]any) string {
	t.Helper()
	return ansible(t, localArgs(t, playbook, root, extraVars)...)
}

var recapChanged = regexp.MustCompile(`localhost\s+: ok=\d+\s+changed=(\d+)`)

func changedCount(t *testing.T, output string) string {
	t.Helper()
	m := recapChanged.FindStringSubmatch(output)
	if m == nil {
		t.Fatalf("no play recap for localhost in:\n%s", output)
	}
	return m[1]
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(readFile(t, path)), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(readFile(t, path)), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// sameFile fails unless the deployed copy equals the repository's file byte for byte.
func sameFile(t *testing.T, source, deployed string) {
	t.Helper()
	if readFile(t, source) != readFile(t, deployed) {
		t.Errorf("%s differs from %s", deployed, source)
	}
}

// freeAddr is a loopback address with a port nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitListening waits until addr accepts connections; the bound only guards against a server
// that never comes up, it asserts nothing about speed.
func waitListening(t *testing.T, addr string, logs *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s: %v\n%s", addr, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
