package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
)

// launch starts postgres on port (a free one when 0) and waits until it accepts connections.
func launch(bin, dir string, cred *syscall.Credential, port int) (*cluster, error) {
	if port == 0 {
		p, err := freeport.Port()
		if err != nil {
			return nil, fmt.Errorf("pgtest: free port: %w", err)
		}
		port = p
	}
	logPath := filepath.Join(dir, "postgres.log")
	// Appended: a server restarted by StartServer keeps the log of its earlier runs.
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"),
		"-D", filepath.Join(dir, "data"),
		"-h", "127.0.0.1", "-p", strconv.Itoa(port),
		// No unix socket: its default directory (/var/run/postgresql) may not exist or be writable.
		"-k", "",
		// Durability is worthless for a throwaway cluster and fsync makes tests slow.
		"-F", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		// Concurrency tests open many connections at once; memory stays small for shared machines.
		"-c", "max_connections=300", "-c", "shared_buffers=32MB",
	)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Env = serverEnv()
	// Pdeathsig stops the server (immediate shutdown) if the test binary dies without Main's cleanup.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c := &cluster{dir: dir, port: port, cmd: cmd, exited: make(chan struct{}), bin: bin, cred: cred}
	go func() {
		c.exitErr = cmd.Wait()
		close(c.exited)
	}()
	if err := c.waitReady(logPath); err != nil {
		return nil, err
	}
	return c, nil
}

// stop asks for a fast shutdown (SIGINT: roll back open transactions, disconnect clients) and
// removes the cluster's files.
func (c *cluster) stop() error {
	if err := c.cmd.Process.Signal(syscall.SIGINT); err == nil {
		<-c.exited
	}
	if err := os.RemoveAll(c.dir); err != nil {
		return fmt.Errorf("remove %s: %w", c.dir, err)
	}
	return nil
}

func (c *cluster) kill() {
	if c.cmd.Process.Kill() == nil {
		<-c.exited
	}
}
