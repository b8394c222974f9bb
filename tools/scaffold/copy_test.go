package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

// skipUnlessCopyTests skips a copy test under -short, and under Bazel in :scaffold_test: there
// :copy_test runs them (SCAFFOLD_COPY_TESTS=1), a target of its own that a plain `bazel test //...`
// leaves out, as it runs again after a change in any service.
func skipUnlessCopyTests(t *testing.T, what string) {
	t.Helper()
	switch {
	case testing.Short():
		t.Skip(what)
	case os.Getenv("TEST_SRCDIR") != "" && os.Getenv("SCAFFOLD_COPY_TESTS") == "":
		t.Skip(what + ": run by //tools/scaffold:copy_test")
	}
}

// sourceWorkspace is the repository's source folder: under Bazel the go.mod in the runfiles is
// a link to it, under go test it is two folders up.
func sourceWorkspace(t *testing.T) string {
	t.Helper()
	for _, candidate := range []string{"go.mod", "../../go.mod"} {
		if resolved, err := filepath.EvalSymlinks(candidate); err == nil {
			if abs, err := filepath.Abs(filepath.Dir(resolved)); err == nil && isWorkspace(abs) {
				return abs
			}
		}
	}
	t.Fatal("the repository's go.mod is not found")
	return ""
}

// copyWorkspace copies the repository's sources (not .git, Bazel's output links, local data)
// into a temporary folder.
func copyWorkspace(t *testing.T) string {
	t.Helper()
	src, dst := sourceWorkspace(t), t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		name := d.Name()
		if rel != "." && (name == ".git" || name == ".local-data" || strings.HasPrefix(name, "bazel-") || strings.HasPrefix(name, ".scaffold-")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, _ := d.Info()
			return os.WriteFile(target, b, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// goCommand runs the go command of the toolchain that runs the test ($GOROOT/bin/go, which
// Bazel's root exports, else go on PATH) in dir, with the shared module cache. Under Bazel the
// build cache is a folder kept between runs (the test runs unsandboxed for it): a cold cache
// costs minutes, a warm one seconds.
func goCommand(t *testing.T, dir string, args ...string) string {
	t.Helper()
	goBin := "go"
	if root := os.Getenv("GOROOT"); root != "" && fileExists(filepath.Join(root, "bin", "go")) {
		goBin = filepath.Join(root, "bin", "go")
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	// -trimpath: the copy is in a new temporary folder every run, and without it the folder is
	// part of every compile's cache key, so each run compiled the whole repository again (310 s
	// of a 399 s `bazel test //...` after a one-line change in a service's domain).
	cmd.Env = append(childEnv(), "GOTOOLCHAIN=local", "GOCACHE="+goCache(t),
		"GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -trimpath"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// childEnv is this process's environment without Bazel's test variables (the copy's tests are
// not this test's shards, outputs or runfiles); under Bazel they must still find their servers
// (libs/testing/needs).
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TEST_") || strings.HasPrefix(name, "RUNFILES_") || name == "XML_OUTPUT_FILE" || name == "JAVA_RUNFILES" {
			continue
		}
		env = append(env, kv)
	}
	if os.Getenv("TEST_SRCDIR") != "" {
		env = append(env, "REQUIRE_TEST_SERVERS=1")
	}
	return env
}

func goCache(t *testing.T) string {
	if c := os.Getenv("GOCACHE"); c != "" {
		return c
	}
	if os.Getenv("TEST_SRCDIR") == "" {
		out, err := exec.Command("go", "env", "GOCACHE").Output()
		if err == nil && strings.TrimSpace(string(out)) != "" {
			return strings.TrimSpace(string(out))
		}
	}
	// Under Bazel HOME is the test's own folder: keep the cache where the next run finds it.
	const kept = "/var/tmp/kratos-monorepo-scaffold-test/go-build"
	if err := os.MkdirAll(kept, 0o755); err == nil {
		return kept
	}
	return filepath.Join(t.TempDir(), "go-build")
}

// The whole path of a new service in a copy of the repository: scaffold it, vet it with the
// local system that now starts it, run its tests (the repository suites on memory, SQLite and
// PostgreSQL, the component test over HTTP and gRPC), start the local system and call the new
// service over both, then remove it and find the wiring as it was.
func TestNewServiceInACopyPassesItsTestsAndStartsWithTheLocalSystem(t *testing.T) {
	skipUnlessCopyTests(t, "builds and tests a new service in a copy of the repository")
	t.Setenv("GOCACHE", goCache(t)) // the scaffold builds the proto tools with the go command
	ws := copyWorkspace(t)
	before := snapshot(t, ws)
	start := time.Now()
	var stdout, stderr strings.Builder
	if code := run([]string{"-workspace", ws, "-no-bazel", "new", "scaffoldtest"}, &stdout, &stderr); code != 0 {
		t.Fatalf("new scaffoldtest: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, p := range []string{
		"proto/scaffoldtest/v1/scaffoldtest.pb.go", "proto/scaffoldtest/v1/scaffoldtest_http.pb.go", "proto/scaffoldtest/v1/openapi.yaml",
		"services/scaffoldtest/domain/item/item.go", "services/scaffoldtest/adapters/migrations/postgres/00001_create_items.sql",
		"services/scaffoldtest/service/config.yaml", "services/scaffoldtest/cmd/scaffoldtest/main.go", "tools/local/system/service_scaffoldtest.go",
	} {
		if !fileExists(filepath.Join(ws, p)) {
			t.Errorf("new scaffoldtest did not write %s", p)
		}
	}
	goCommand(t, ws, "vet", "./services/scaffoldtest/...", "./proto/scaffoldtest/...", "./tools/local/...")
	out := goCommand(t, ws, "test", "-count=1", "./services/scaffoldtest/...")
	t.Logf("from `scaffold new` to passing tests: %s\n%s", time.Since(start).Round(time.Second), out)

	callThroughTheLocalSystem(t, ws)

	stdout.Reset()
	if code := run([]string{"-workspace", ws, "-no-bazel", "remove", "scaffoldtest"}, &stdout, &stderr); code != 0 {
		t.Fatalf("remove scaffoldtest: exit %d\n%s", code, stderr.String())
	}
	if after := snapshot(t, ws); after != before {
		t.Errorf("after new and remove the wiring differs from the original")
	}
}

var serviceLine = regexp.MustCompile(`(?m)^\s+scaffoldtest\s+http://(\S+)\s+grpc (\S+)$`)

// callThroughTheLocalSystem builds tools/local in ws, starts it on free ports and checks that
// the new service answers over HTTP (creating an item with the demo attendee's token) and gRPC
// (health checking).
func callThroughTheLocalSystem(t *testing.T, ws string) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "local")
	goCommand(t, ws, "build", "-o", bin, "./tools/local")
	cmd := exec.Command(bin, "-free-ports", "-data", t.TempDir())
	cmd.Env = childEnv()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	lines := make(chan string)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
		close(lines)
	}()
	var httpAddr, grpcAddr string
	deadline := time.After(2 * time.Minute)
	for httpAddr == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("tools/local ended without listing the scaffoldtest service")
			}
			if m := serviceLine.FindStringSubmatch(line); m != nil {
				httpAddr, grpcAddr = m[1], m[2]
			}
		case <-deadline:
			t.Fatal("tools/local did not list the scaffoldtest service within 2 minutes")
		}
	}
	go func() {
		for range lines { // keep the pipe drained
		}
	}()

	token, err := demo.Token(demo.Attendee, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", "http://"+httpAddr+"/scaffoldtest/items", strings.NewReader(`{"title": "first"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !regexp.MustCompile(`"uuid":\s*"[0-9a-f-]{36}"`).Match(body) {
		t.Errorf("POST /scaffoldtest/items = %d %s, want 200 and the new item's uuid", resp.StatusCode, body)
	}

	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	health, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || health.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("gRPC health of scaffoldtest = %v, %v; want SERVING", health, err)
	}
}

// A renamed copy names the new module everywhere, regenerates its protos, and builds; the
// tests that tie the module path to the generated code (the error reasons' packages, the
// config's descriptors) pass.
func TestRenamedCopyBuilds(t *testing.T) {
	skipUnlessCopyTests(t, "builds a renamed copy of the repository")
	t.Setenv("GOCACHE", goCache(t)) // rename builds the proto tools with the go command
	ws := copyWorkspace(t)
	oldModule, err := modulePath(ws)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"-workspace", ws, "-no-bazel", "rename", "example.com/acme/shop", "acme-shop"}, &stdout, &stderr); code != 0 {
		t.Fatalf("rename: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if m, _ := modulePath(ws); m != "example.com/acme/shop" {
		t.Errorf("go.mod's module = %s", m)
	}
	err = filepath.WalkDir(ws, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(ws, p)
		if err != nil || d.IsDir() && isRenameSkipped(filepath.ToSlash(rel)) {
			if err == nil {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() && !strings.HasPrefix(filepath.ToSlash(rel), "tools/bazel") {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), oldModule) {
				t.Errorf("%s still names %s", rel, oldModule)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ file, text string }{
		{"MODULE.bazel", `name = "acme_shop"`},
		{"deploy/images.bzl", `REPOSITORY_PREFIX = "acme-shop/"`},
		{"deploy/grafana/provisioning/dashboards/acme-shop.yaml", "acme-shop"},
		{"README.md", "# acme-shop"},
	} {
		if b, err := os.ReadFile(filepath.Join(ws, want.file)); err != nil || !strings.Contains(string(b), want.text) {
			t.Errorf("%s does not say %s (%v)", want.file, want.text, err)
		}
	}
	goCommand(t, ws, "build", "./...")
	goCommand(t, ws, "test", "-count=1", "./libs/conf/...", "./services/user/ports/...", "./services/trainer/ports/...", "./services/training/ports/...")
	fmt.Fprint(io.Discard, stdout.String())
}

func isRenameSkipped(rel string) bool {
	for _, s := range renameSkipped {
		if rel == s {
			return true
		}
	}
	return false
}
