package faults

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Binaries are the paths of the three service binaries.
type Binaries map[string]string

// Services in the order they start: the training service calls the other two.
var Services = []string{"user", "trainer", "training"}

// EnvBinary names the variable that gives the path of a service's binary ("FAULTS_USER_BIN"):
// Bazel sets it to the binary's runfiles path; anyone may set it to a prebuilt binary.
func EnvBinary(service string) string { return "FAULTS_" + strings.ToUpper(service) + "_BIN" }

// LocateBinaries finds the three binaries: from EnvBinary when set (relative paths are
// Bazel runfiles paths), otherwise by `go build` of services/<name>/cmd/<name> into dir.
func LocateBinaries(ctx context.Context, dir string) (Binaries, error) {
	bins := Binaries{}
	var missing []string
	for _, s := range Services {
		if p := os.Getenv(EnvBinary(s)); p != "" {
			bins[s] = runfile(p)
			continue
		}
		missing = append(missing, s)
	}
	if len(missing) == 0 {
		return bins, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	args := []string{"build", "-o", dir + string(filepath.Separator)}
	for _, s := range missing {
		args = append(args, "./services/"+s+"/cmd/"+s)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	for _, s := range missing {
		bins[s] = filepath.Join(dir, s)
	}
	return bins, nil
}

// runfile resolves a $(rootpath) from a go_test's env: rules_go runs the test in its package
// folder, not at the runfiles root the path is relative to.
func runfile(path string) string {
	if filepath.IsAbs(path) || os.Getenv("TEST_SRCDIR") == "" {
		return path
	}
	return filepath.Join(os.Getenv("TEST_SRCDIR"), os.Getenv("TEST_WORKSPACE"), path)
}

// moduleRoot walks up from the working directory (a package folder under go test) to go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("faults: no go.mod above the working directory; set " + EnvBinary("user") + " and the others")
		}
		dir = parent
	}
}

// Process is one service binary run again and again on the same ports and database.
type Process struct {
	Name      string
	Bin       string
	HTTPAddr  string // host:port
	GRPCAddr  string
	Env       []string // APP_* settings, appended to the inherited environment
	LogPath   string   // stdout and stderr of every run, appended
	StartWait time.Duration

	mu      sync.Mutex
	cmd     *exec.Cmd
	exited  chan struct{}
	killing bool
	kills   int
	crashes int
}

// Faults returns how often the harness killed the process, and how often it exited without
// being killed (a start-up failure, a panic).
func (p *Process) Faults() (kills, crashes int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.kills, p.crashes
}

// command builds one run of the binary. Its own process group lets Kill reach anything it
// spawns; Pdeathsig kills it should the harness itself die (no orphans after a crashed test).
// It is not bound to a context: only Kill and Stop end a service.
func (p *Process) command(args ...string) (*exec.Cmd, *os.File, error) {
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(logf, "\n=== %s %s %s\n", time.Now().UTC().Format(time.RFC3339Nano), p.Name, strings.Join(args, " "))
	cmd := exec.Command(p.Bin, args...)
	cmd.Env = append(append(os.Environ(), p.Env...),
		"APP_HTTP_ADDR="+p.HTTPAddr, "APP_GRPC_ADDR="+p.GRPCAddr)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	return cmd, logf, nil
}

// Migrate runs the binary with -migrate: it creates the database's tables and exits.
func (p *Process) Migrate(ctx context.Context) error {
	cmd, logf, err := p.command("-migrate")
	if err != nil {
		return err
	}
	defer logf.Close()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s -migrate: %w\n%s", p.Name, err, p.Tail(20))
	}
	return nil
}

// ErrPortBusy: the service exited during start-up because another process holds one of its
// ports.
var ErrPortBusy = errors.New("a port of the service is taken by another process")

// Start runs the binary and waits until its /healthz answers. A restart must keep the ports
// its clients know, so when another process took one while the service was down (any
// outgoing connection on the machine may get it as its local port), Start tries again for a
// while, until that connection is gone; ErrPortBusy when it never is.
func (p *Process) Start(ctx context.Context) error {
	var err error
	for attempt := 1; attempt <= busyPortAttempts; attempt++ {
		if err = p.start(ctx); !errors.Is(err, ErrPortBusy) {
			return err
		}
		if !sleep(ctx, 250*time.Millisecond) {
			return err
		}
	}
	return err
}

// busyPortAttempts bounds Start's tries on a busy port (about 5 s).
var busyPortAttempts = 20

func (p *Process) start(ctx context.Context) error {
	p.mu.Lock()
	if p.cmd != nil {
		p.mu.Unlock()
		return fmt.Errorf("%s already runs", p.Name)
	}
	cmd, logf, err := p.command()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	if err := cmd.Start(); err != nil {
		p.mu.Unlock()
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	exited := make(chan struct{})
	p.cmd, p.exited, p.killing = cmd, exited, false
	p.mu.Unlock()
	go func() {
		_ = cmd.Wait()
		logf.Close()
		p.mu.Lock()
		if !p.killing {
			p.crashes++
		}
		if p.cmd == cmd {
			p.cmd = nil
		}
		p.mu.Unlock()
		close(exited)
	}()
	return p.waitHealthy(ctx, exited)
}

func (p *Process) waitHealthy(ctx context.Context, exited <-chan struct{}) error {
	wait := p.StartWait
	if wait == 0 {
		wait = 30 * time.Second
	}
	deadline := time.Now().Add(wait)
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-exited:
			tail := p.Tail(20)
			if p.portWasBusy() {
				// Not the service's fault: not counted among its crashes.
				p.mu.Lock()
				p.crashes--
				p.mu.Unlock()
				return fmt.Errorf("%s exited during start-up: %w:\n%s", p.Name, ErrPortBusy, tail)
			}
			return fmt.Errorf("%s exited during start-up:\n%s", p.Name, tail)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		resp, err := client.Get("http://" + p.HTTPAddr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not healthy after %s (last: %v):\n%s", p.Name, wait, err, p.Tail(20))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Kill sends SIGKILL to the process group (kill -9: no shutdown hooks, no flushed buffers)
// and waits until the process is gone; it counts as a fault. Killing a stopped process does
// nothing.
func (p *Process) Kill() { p.kill(true) }

// Stop ends the process the same way at the end of a run, without counting a fault.
func (p *Process) Stop() { p.kill(false) }

func (p *Process) kill(fault bool) {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	if cmd == nil {
		p.mu.Unlock()
		return
	}
	p.killing = true
	if fault {
		p.kills++
	}
	p.mu.Unlock()
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-exited
}

// Freeze stops the process group with SIGSTOP for d, then lets it go on with SIGCONT: a service
// that hangs (a long GC pause, a VM that stalls, a debugger) while its sockets stay open, so
// callers wait instead of being refused. Freezing a process that is not running does nothing.
// Returns early, leaving the process running, when ctx ends.
func (p *Process) Freeze(ctx context.Context, d time.Duration) error {
	p.mu.Lock()
	cmd := p.cmd
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGSTOP); err != nil {
		return fmt.Errorf("freeze %s: %w", p.Name, err)
	}
	sleep(ctx, d)
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGCONT); err != nil {
		return fmt.Errorf("thaw %s: %w", p.Name, err)
	}
	return nil
}

// Running reports whether the process is up (started and not exited).
func (p *Process) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd != nil
}

// Pid is the running process's id (0 when it is not running), e.g. to read its CPU time
// from /proc.
func (p *Process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// portWasBusy reports whether the last run's log (after its "===" header) says it could not
// bind a port.
func (p *Process) portWasBusy() bool {
	data, err := os.ReadFile(p.LogPath)
	if err != nil {
		return false
	}
	if i := bytes.LastIndex(data, []byte("\n=== ")); i >= 0 {
		data = data[i:]
	}
	return bytes.Contains(data, []byte("address already in use"))
}

// Tail returns the last n lines of the process's log.
func (p *Process) Tail(n int) string {
	data, err := os.ReadFile(p.LogPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
