package pgtest

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// serverUser is the account initdb and postgres run as. PostgreSQL refuses to run as root, and
// tests usually run as root here (in CI and inside the Bazel root), so root switches to the
// "postgres" account the server package creates; anyone else runs the server as themselves.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root needs the \"postgres\" user to run the server: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("pgtest: uid of postgres: %w", err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("pgtest: gid of postgres: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// reachable reports whether the server user can walk down to dir: a temp dir below a private
// home (Bazel's output base is under /root) is not, whatever dir's own mode says.
func reachable(dir string, cred *syscall.Credential) bool {
	if cred == nil {
		return true
	}
	for d := dir; ; {
		parent := filepath.Dir(d)
		if parent == d {
			return true
		}
		info, err := os.Stat(parent)
		if err != nil {
			return false
		}
		st, ok := info.Sys().(*syscall.Stat_t)
		if !ok {
			return false
		}
		mode := info.Mode().Perm()
		switch {
		case st.Uid == cred.Uid && mode&0o100 != 0:
		case st.Gid == cred.Gid && mode&0o010 != 0:
		case mode&0o001 != 0:
		default:
			return false
		}
		d = parent
	}
}
