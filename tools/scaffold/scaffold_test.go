package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The wiring edits, on the repository's real files: add puts the service in with its ports,
// remove gives back the file as it was, byte for byte.
func TestWiringAddThenRemoveRestoresEveryFile(t *testing.T) {
	t.Parallel()
	ws := sourceWorkspace(t)
	tl := &tool{ws: ws}
	current, err := tl.readWirings()
	if err != nil {
		t.Fatal(err)
	}
	s := svc{Name: "wiringprobe", HTTPPort: 8047, GRPCPort: 9047}
	for _, w := range wirings {
		added, err := w.add(current[w.path], s)
		if err != nil {
			t.Fatalf("%s: add: %v", w.path, err)
		}
		if !strings.Contains(added, "wiringprobe") || !strings.Contains(added, "8047") && w.path != "deploy/images.bzl" {
			t.Errorf("%s after add does not name the service and its port:\n%s", w.path, added)
		}
		removed, err := w.remove(added, "wiringprobe")
		if err != nil {
			t.Fatalf("%s: remove: %v", w.path, err)
		}
		if removed != current[w.path] {
			t.Errorf("%s: add then remove changed the file:\n%s", w.path, removed)
		}
		if _, err := w.remove(current[w.path], "wiringprobe"); err == nil {
			t.Errorf("%s: removing a service it does not name succeeded", w.path)
		}
	}
}

func TestChoosePortsSkipsEveryTakenPair(t *testing.T) {
	t.Parallel()
	local := `"trainer": {8001, 9001}, "user": {8002, 9002}, "x": {8004, 9003}`
	deployed := `a: {http_port: 8005, grpc_port: 9006}`
	if h, g := choosePorts(local, deployed); h != 8007 || g != 9007 {
		t.Errorf("choosePorts = %d, %d; want 8007, 9007 (8003/9003, 8004, 8005 and 9006 are taken)", h, g)
	}
}

// A refused name is one line on stderr, exit status 2, and no file of the workspace changes.
func TestBadNamesAreRefusedWithOneLineAndChangeNothing(t *testing.T) {
	t.Parallel()
	ws := sourceWorkspace(t)
	before := snapshot(t, ws)
	for _, tt := range []struct{ name, want string }{
		{"Billing", "not a service name"},
		{"bill_ing", "not a service name"},
		{"9lives", "not a service name"},
		{"b", "not a service name"},
		{"type", "reserved word"},
		{"ports", "reserved word"},
		{"user", "already present"},
		{"trainer", "already present"},
	} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-workspace", ws, "-no-bazel", "new", tt.name}, &stdout, &stderr)
		if code != 2 || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("new %s: exit %d, stderr %q; want 2 and one line saying %q", tt.name, code, stderr.String(), tt.want)
		}
	}
	for _, args := range [][]string{{"remove", "user"}, {"remove", "nosuch"}, {"rename", "not a module", "x"}, {"rename", "example.com/a/b", "Bad_Name"}, {"frobnicate"}} {
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"-workspace", ws, "-no-bazel"}, args...), &stdout, &stderr); code != 2 || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, stderr.String())
		}
	}
	if after := snapshot(t, ws); after != before {
		t.Error("a refused command changed the workspace")
	}
}

// snapshot is every wiring file and the list of services and protos, to compare.
func snapshot(t *testing.T, ws string) string {
	t.Helper()
	var b strings.Builder
	for _, w := range wirings {
		c, err := os.ReadFile(filepath.Join(ws, w.path))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(c)
	}
	for _, dir := range []string{"services", "proto", "tools/local/system"} {
		entries, err := os.ReadDir(filepath.Join(ws, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b.WriteString(e.Name() + "\n")
		}
	}
	return b.String()
}

// -help prints the usage and succeeds; an unknown flag is a usage error (exit 2).
func TestHelpIsUsageAndSucceeds(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-help"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "-workspace") {
		t.Errorf("-help: exit %d, output %q; want 0 and the usage", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"-no-such-flag"}, &stdout, &stderr); code != 2 {
		t.Errorf("-no-such-flag: exit %d, want 2", code)
	}
}
