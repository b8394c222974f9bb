package runner_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/go-kratos/kratos/v2"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/logtest"
)

// servingDefaults are a real service's embedded defaults, on free loopback ports; the log format
// follows APP_LOG_FORMAT as in the services' own config.yaml.
const servingDefaults = `
server:
  http: {addr: "127.0.0.1:0"}
  grpc: {addr: "127.0.0.1:0"}
auth:
  # a public key no test signs with: this service is only started and stopped
  user_keys: ["QyZYTnROVXeR2t1Q3D6jnr123okPzNW5xEXFQKAtijQ="]
log:
  format: ${LOG_FORMAT:json}
  level: info
`

// baseService is the smallest real service: libs/server's Base with no ports of its own.
type baseService struct{ *server.Base }

func (s baseService) Kratos(opts ...kratos.Option) *kratos.App { return s.App(opts...) }

// TestChildServes is the service process of TestOwnProcessLogsNameTheService.
func TestChildServes(t *testing.T) {
	confDir := os.Getenv("RUNNER_TEST_CONF")
	if confDir == "" {
		t.Skip("runs only as the child of TestOwnProcessLogsNameTheService")
	}
	build := func(_ context.Context, bc *conf.Bootstrap, version string) (baseService, error) {
		b, err := server.New("demo", version, bc)
		return baseService{b}, err
	}
	if err := runner.Run([]string{"-conf", confDir}, os.Stdout, "demo", []byte(servingDefaults), "1.0.0", build); err != nil {
		t.Fatal(err)
	}
}

// A service in its own process (as its binary and its image run it) writes only lines in its
// configured format, each naming the service, from the first config read to the last line
// after SIGTERM, and nothing above info while all is well: no kratos default-logger text, no
// "watcher's ctx cancel", a "server listening" line per server with its address.
func TestOwnProcessLogsNameTheService(t *testing.T) {
	for _, format := range []string{"json", "console"} {
		t.Run(format, func(t *testing.T) {
			confDir := t.TempDir()
			// A -conf file too, so the file source and its watcher run as in a deployment.
			if err := os.WriteFile(filepath.Join(confDir, "config.yaml"), []byte("log:\n  level: info\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildServes$", "-test.count=1")
			cmd.Env = append(os.Environ(), "RUNNER_TEST_CONF="+confDir, "APP_LOG_FORMAT="+format)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })

			var lines []logtest.Entry
			listening := map[string]string{}
			scan := bufio.NewScanner(stderr)
			for scan.Scan() {
				e, err := logtest.Parse(scan.Text())
				if err != nil {
					t.Fatalf("%v: %q", err, scan.Text())
				}
				if strings.HasPrefix(e.Raw, "{") != (format == "json") {
					t.Errorf("line %q is not in the configured format %s", e.Raw, format)
				}
				lines = append(lines, e)
				if e.Message == "server listening" {
					listening[e.Fields["transport"].(string)] = e.Fields["addr"].(string)
					if len(listening) == 2 {
						_ = cmd.Process.Signal(syscall.SIGTERM)
					}
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("the service exited with %v after SIGTERM", err)
			}
			addr := regexp.MustCompile(`^127\.0\.0\.1:[1-9][0-9]*$`)
			if !addr.MatchString(listening["http"]) || !addr.MatchString(listening["grpc"]) {
				t.Errorf("server listening lines: %v, want http and grpc with their addresses", listening)
			}
			for _, e := range lines {
				if e.Service() != "demo" || e.Fields["service.version"] != "1.0.0" {
					t.Errorf("line %q does not name the service: %v", e.Raw, e.Fields)
				}
				if e.Level != "info" {
					t.Errorf("line %q is at %s, want info while all is well", e.Raw, e.Level)
				}
				if strings.Contains(e.Raw, "ctx cancel") || strings.Contains(e.Raw, "config loaded") {
					t.Errorf("kratos routine line: %q", e.Raw)
				}
			}
			if len(lines) < 4 { // listening and stopping, twice
				t.Errorf("only %d log lines: %v", len(lines), lines)
			}
		})
	}
}
