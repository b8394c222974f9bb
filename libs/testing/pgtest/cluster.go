package pgtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// cluster is a running throwaway PostgreSQL server.
type cluster struct {
	dir     string // removed on stop; holds data/ and postgres.log
	port    int
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the server process has exited
	exitErr error         // its exit status, once exited is closed
	// bin and cred start the server again (StartServer).
	bin  string
	cred *syscall.Credential
}

func (c *cluster) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// startCluster runs initdb and postgres. The port is picked free just before start, so another
// process can take it in between: a server that exits before accepting connections is retried
// on a new port.
func startCluster(ctx context.Context) (*cluster, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	dir, err := makeWorkDir(cred)
	if err != nil {
		return nil, err
	}
	if err := initdb(ctx, bin, dir, cred); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		c, err := launch(bin, dir, cred, 0)
		if err == nil {
			return c, nil
		}
		if attempt == 3 {
			os.RemoveAll(dir)
			return nil, err
		}
	}
}

func makeWorkDir(cred *syscall.Credential) (string, error) {
	dir, err := os.MkdirTemp(os.TempDir(), "pgtest-")
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	if cred == nil {
		return dir, nil
	}
	if !reachable(dir, cred) {
		os.RemoveAll(dir)
		return "", fmt.Errorf("pgtest: the postgres user cannot reach %s: point TMPDIR at a directory "+
			"every user can traverse (for example /tmp)", dir)
	}
	if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("pgtest: %w", err)
	}
	return dir, nil
}

func initdb(ctx context.Context, bin, dir string, cred *syscall.Credential) error {
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Env = serverEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	return nil
}

// serverEnv keeps the server's locale and time zone independent of the caller's.
func serverEnv() []string {
	return []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
}
