// Package childproc runs a server program (Jaeger, a registry, an image's entrypoint) as a
// child process of a test or a developer tool: Start watches for its exit, so a caller waiting
// for it to become ready can tell "not yet" from "gone", and Stop ends it the way every caller
// here wants: SIGTERM, then SIGKILL when it has not exited within a grace period.
package childproc

import (
	"os/exec"
	"syscall"
	"time"
)

// Process is a started program.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Start starts cmd and watches for its exit.
func Start(cmd *exec.Cmd) (*Process, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Done is closed once the program has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Err is how the program exited (exec.Cmd.Wait's answer); read it after Done is closed.
func (p *Process) Err() error { return p.err }

// Stop sends SIGTERM and waits for the program to exit, killing it after grace.
func (p *Process) Stop(grace time.Duration) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}
