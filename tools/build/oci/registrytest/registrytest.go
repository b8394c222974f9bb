// Package registrytest starts the real Distribution registry (Debian's docker-registry) on a
// free loopback port for a test, optionally behind htpasswd basic auth, and stops it when the
// test ends. Without the binary the test is skipped naming the package, or fails under Bazel,
// whose root installs it (libs/testing/needs).
package registrytest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kratos-monorepo/monorepo/libs/testing/childproc"
	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// Registry is a running registry.
type Registry struct {
	// Host is host:port, e.g. 127.0.0.1:40123 (plain HTTP, as go-containerregistry uses for loopback).
	Host string
	// Username and Password are set when the registry requires them.
	Username, Password string
	log                string
}

// Option configures Start.
type Option func(*config)

type config struct{ user, password string }

// WithBasicAuth makes the registry require these credentials (htpasswd, bcrypt).
func WithBasicAuth(user, password string) Option {
	return func(c *config) { c.user, c.password = user, password }
}

// binaries are the names the Distribution registry is installed under (Debian, upstream).
var binaries = []string{"docker-registry", "registry"}

// findBinary skips t, or fails it under Bazel (libs/testing/needs), when no registry is installed.
func findBinary(t testing.TB) string {
	t.Helper()
	for _, b := range binaries {
		if p, ok := needs.Find(b, "/usr/bin"); ok {
			return p
		}
	}
	needs.Missing(t, "the Distribution registry (docker-registry)", "docker-registry")
	return ""
}

// Start runs a registry until the test ends.
func Start(t testing.TB, opts ...Option) *Registry {
	t.Helper()
	var c config
	for _, o := range opts {
		o(&c)
	}
	bin := findBinary(t)
	dir := t.TempDir()
	r := &Registry{Username: c.user, Password: c.password, log: filepath.Join(dir, "registry.log")}
	auth := ""
	if c.user != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(c.password), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		htpasswd := filepath.Join(dir, "htpasswd")
		if err := os.WriteFile(htpasswd, []byte(c.user+":"+string(hash)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		auth = fmt.Sprintf("auth:\n  htpasswd:\n    realm: registrytest\n    path: %s\n", htpasswd)
	}
	// A port picked now may be taken before the registry binds it; try a few.
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freeport.Port()
		if err != nil {
			t.Fatal(err)
		}
		r.Host = "127.0.0.1:" + strconv.Itoa(port)
		cfg := filepath.Join(dir, "config.yml")
		if err := os.WriteFile(cfg, []byte(configYAML(filepath.Join(dir, "data"), r.Host, auth)), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := r.start(bin, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if r.waitReady(p) {
			t.Cleanup(func() { p.Stop(10 * time.Second) })
			return r
		}
		p.Stop(10 * time.Second)
	}
	t.Fatalf("the registry did not start; its log:\n%s", r.Log())
	return nil
}

func configYAML(data, addr, auth string) string {
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	return fmt.Sprintf(`version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: %s
  delete:
    enabled: true
http:
  addr: %s
  secret: %s
%s`, data, addr, hex.EncodeToString(secret), auth)
}

func (r *Registry) start(bin, cfg string) (*childproc.Process, error) {
	logFile, err := os.OpenFile(r.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", cfg)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p, err := childproc.Start(cmd)
	if err != nil {
		logFile.Close()
		return nil, err
	}
	go func() { <-p.Done(); logFile.Close() }()
	return p, nil
}

// waitReady polls /v2/ until the registry answers (200, or 401 with auth) or exits.
func (r *Registry) waitReady(p *childproc.Process) bool {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.Done():
			return false
		default:
		}
		resp, err := http.Get("http://" + r.Host + "/v2/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusUnauthorized {
				return true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// Log is the registry's output so far, for failure messages.
func (r *Registry) Log() string {
	b, err := os.ReadFile(r.log)
	if err != nil {
		return err.Error()
	}
	if len(b) > 8000 {
		b = append([]byte("...\n"), b[len(b)-8000:]...)
	}
	return string(bytes.TrimSpace(b))
}
