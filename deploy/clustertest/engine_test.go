package clustertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// engine is the Docker engine the test drives: one that answers already (the host's, also seen
// from the Bazel root at /run/host), or a dockerd the test starts and stops.
type engine struct {
	client string // the docker program
	host   string // DOCKER_HOST for every docker command
	// ownDaemon: the test started this dockerd (or a killed earlier run did, at the same
	// socket); it stops it at the end, and the host image may stay in its data root (a cache).
	ownDaemon bool
}

// engineCandidates are the sockets an engine may already answer on: $DOCKER_HOST, the host's
// socket as the Bazel root sees it (tools/bazel-root/root.sh mounts the host's /run at
// /run/host), the usual one.
func engineCandidates() []string {
	var out []string
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		out = append(out, h)
	}
	return append(out, "unix:///run/host/docker.sock", "unix:///run/docker.sock")
}

// sbinDirs: where Debian puts dockerd and debootstrap, which Bazel's test PATH lacks.
var sbinDirs = []string{"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin"}

// startEngine finds an engine or starts one: dockerd as root, overlay2, its data root in the
// test's cache (so the host image stays imported between runs), no default bridge (the test
// makes its own network, and a second engine's docker0 would clash with the host's).
func startEngine(t *testing.T, cache string) *engine {
	t.Helper()
	client := needs.Program(t, "docker", "docker.io", sbinDirs...)
	for _, host := range engineCandidates() {
		if answers(client, host) {
			return &engine{client: client, host: host}
		}
	}
	dockerd, ok := needs.Find("dockerd", sbinDirs...)
	if !ok || os.Geteuid() != 0 {
		// The one case with no engine at all: nothing answers, and none can be started here.
		needs.Missing(t, "a Docker engine (none answers on "+strings.Join(engineCandidates(), ", ")+
			"; starting dockerd needs it installed and root)", "docker.io")
	}
	dir := filepath.Join(cache, "engine")
	socket := filepath.Join(dir, "docker.sock")
	host := "unix://" + socket
	e := &engine{client: client, host: host, ownDaemon: true}
	// An earlier run that was killed before stopping its dockerd: adopt it (stopped below).
	if answers(client, host) {
		t.Cleanup(func() { e.stopDaemon(t, filepath.Join(dir, "dockerd.pid"), nil) })
		return e
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(dir, "dockerd.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dockerd,
		"--host", host,
		"--data-root", filepath.Join(dir, "data"),
		"--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "dockerd.pid"),
		"--storage-driver", "overlay2",
		"--bridge", "none",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group: a Ctrl-C on the test does not take the engine down mid-cleanup.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(), "PATH="+os.Getenv("PATH")+":"+strings.Join(sbinDirs, ":"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dockerd: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited); logFile.Close() }()
	t.Cleanup(func() { e.stopDaemon(t, filepath.Join(dir, "dockerd.pid"), exited) })
	deadline := time.Now().Add(60 * time.Second)
	for !answers(client, host) {
		select {
		case <-exited:
			t.Fatalf("dockerd exited at start:\n%s", tail(filepath.Join(dir, "dockerd.log"), 20))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("dockerd did not answer within 60 s:\n%s", tail(filepath.Join(dir, "dockerd.log"), 20))
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("started dockerd (%s): no engine was running", host)
	return e
}

// stopDaemon stops the dockerd this test started (by its pid file, never by name).
func (e *engine) stopDaemon(t *testing.T, pidFile string, exited chan struct{}) {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		return
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if exited != nil {
			select {
			case <-exited:
				return
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("dockerd (pid %d) did not stop within 30 s; killing it", pid)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

func answers(client, host string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, client, "version", "--format", "{{.Server.Version}}")
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+host)
	out, err := cmd.Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// run runs a docker command and returns its trimmed standard output.
func (e *engine) run(args ...string) (string, error) {
	cmd := exec.Command(e.client, args...)
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+e.host)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return strings.TrimSpace(stdout.String()), fmt.Errorf("docker %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// must is run that fails the test on an error.
func (e *engine) must(t *testing.T, args ...string) string {
	t.Helper()
	out, err := e.run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tail(path string, lines int) string {
	data, _ := os.ReadFile(path)
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
