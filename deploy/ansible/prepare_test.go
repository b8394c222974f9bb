package ansible_test

import (
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrepareAuthorizesTheKeyAndListsTheHosts(t *testing.T) {
	t.Parallel()
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOqLkWu8YxBzTn0zP9ZpXCjHqgYbWc0n1fT8u1rDk3Pp master@192.168.1.110"
	keyFile := filepath.Join(t.TempDir(), "id_ed25519.pub")
	if err := os.WriteFile(keyFile, []byte(key+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A key the host already trusts stays.
	sshDir := filepath.Join(root, me.HomeDir, ".ssh")
	const otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExistingKeyExistingKeyExistingKeyExist admin@laptop"
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sshDir, "authorized_keys"), []byte(otherKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{"hosts_ssh_public_key_file": keyFile, "hosts_login_user": me.Username}

	renderLocally(t, "prepare.yml", root, vars)

	authorized := readFile(t, filepath.Join(sshDir, "authorized_keys"))
	if authorized != otherKey+"\n"+key+"\n" {
		t.Errorf("authorized_keys:\n%s\nwant the existing key, then the control node's", authorized)
	}
	if info, err := os.Stat(filepath.Join(sshDir, "authorized_keys")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("authorized_keys: %v, want mode 0600", err)
	}
	hosts := readFile(t, filepath.Join(root, "etc/hosts"))
	for _, want := range []string{"10.0.0.21 node1\n", "10.0.0.22 node2\n"} {
		if !strings.Contains(hosts, want) {
			t.Errorf("/etc/hosts lacks %q:\n%s", want, hosts)
		}
	}
	if strings.Contains(hosts, "localhost") {
		t.Errorf("/etc/hosts lists localhost, which has no hostname variable:\n%s", hosts)
	}
	if got := changedCount(t, renderLocally(t, "prepare.yml", root, vars)); got != "0" {
		t.Fatalf("second run changed %s tasks, want 0", got)
	}
}
