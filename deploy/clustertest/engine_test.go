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
// socket as the Bazel root sees it (tools/build/bazel-root/root.sh mounts the host's /run at
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

// startEngine finds an engine or starts one: dockerd (Debian's docker.io) as root, overlay2,
// its data root in the test's cache folder (so the host image stays imported between runs), its
// socket and state in a folder of its own under /run, no default bridge.
//
// Inside the Bazel root (a chroot on the same machine: tools/build/bazel-root) it does not start one:
// the machine's dockerd is out of its reach, and a dockerd inside the chroot misbehaves (it
// refuses to unpack layers, as "/" is no mount point there, and with that worked around,
// `docker exec` landed in the machine's root file system instead of the container's). There
// the machine's engine must run already (the host's /run is at /run/host); .ci/run starts it
// for CI, and the test fails (Bazel) with a line saying how to start it.
func startEngine(t *testing.T, cache string) *engine {
	t.Helper()
	client := needs.Program(t, "docker", "docker.io", sbinDirs...)
	for _, host := range engineCandidates() {
		if answers(client, host) {
			return &engine{client: client, host: host}
		}
	}
	if !rootIsMountPoint() {
		needs.Missing(t, "a Docker engine (none answers on "+strings.Join(engineCandidates(), ", ")+
			"; from inside the Bazel root the test cannot start the machine's: start it as root with "+
			"`dockerd >/var/log/dockerd.log 2>&1 &` or `systemctl start docker`, as .ci/run does)", "docker.io")
	}
	dockerd, ok := needs.Find("dockerd", sbinDirs...)
	if !ok || os.Geteuid() != 0 {
		// The one case with no engine at all: nothing answers, and none can be started here.
		needs.Missing(t, "a Docker engine (none answers on "+strings.Join(engineCandidates(), ", ")+
			"; starting dockerd needs Debian's docker.io, and root)", "docker.io")
	}
	runView := "/run"
	const state = "kratos-cluster-test-docker" // under the machine's /run
	host := "unix://" + runView + "/" + state + "/docker.sock"
	pidFile := runView + "/" + state + "/dockerd.pid"
	e := &engine{client: client, host: host, ownDaemon: true}
	// An earlier run that was killed before stopping its dockerd: adopt it (stopped below).
	if answers(client, host) {
		t.Cleanup(func() { e.stopDaemon(t, pidFile, nil) })
		return e
	}
	args := []string{dockerd,
		"--host", "unix:///run/" + state + "/docker.sock",
		"--data-root", filepath.Join(cache, "engine"),
		"--exec-root", "/run/" + state + "/exec",
		"--pidfile", "/run/" + state + "/dockerd.pid",
		"--storage-driver", "overlay2",
		// The test makes its own network; a default docker0 could clash with another engine's.
		"--bridge", "none",
	}
	logPath := filepath.Join(t.TempDir(), "dockerd.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group: a Ctrl-C on the test does not take the engine down mid-cleanup.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(), "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dockerd: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); logFile.Close(); close(exited) }()
	t.Cleanup(func() { e.stopDaemon(t, pidFile, exited) })
	deadline := time.Now().Add(60 * time.Second)
	for !answers(client, host) {
		select {
		case <-exited:
			t.Fatalf("dockerd exited at start:\n%s", tail(logPath, 20))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("dockerd did not answer within 60 s:\n%s", tail(logPath, 20))
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

// rootIsMountPoint reports whether "/" is a mount point here (no chroot into a plain folder):
// /proc/self/mountinfo lists only mounts below the process's root, "/" among them if it is one.
func rootIsMountPoint() bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return true
	}
	for _, line := range strings.Split(string(data), "\n") {
		if fields := strings.Fields(line); len(fields) > 4 && fields[4] == "/" {
			return true
		}
	}
	return false
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
