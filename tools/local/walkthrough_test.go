package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/logtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// The README's "Try it" walkthrough is tested as written: its shell block is read from
// README.md, run by bash against this command (the local system) and every `#=>` line checked,
// so the README and the system cannot drift apart.

// runAsLocal makes the test binary the local system itself when the tests start it as a child.
const runAsLocal = "LOCAL_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsLocal) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const readme = "../../README.md" // the package folder under go test and in Bazel's runfiles

// walkthrough is the shell block under the README's "## Try it" heading.
func walkthrough(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	_, section, ok := strings.Cut(text, "\n## Try it")
	if !ok {
		t.Fatal("README.md has no \"## Try it\" section")
	}
	_, block, ok := strings.Cut(section, "\n```sh\n")
	if !ok {
		t.Fatal("the \"Try it\" section has no ```sh block")
	}
	block, _, ok = strings.Cut(block, "\n```\n")
	if !ok {
		t.Fatal("the walkthrough's ```sh block is not closed")
	}
	return block + "\n"
}

// step is the commands up to one `#=>` line, and that line's expected answer.
type step struct {
	commands, want string
}

func steps(t *testing.T, block string) []step {
	t.Helper()
	var out []step
	var commands strings.Builder
	for _, line := range strings.SplitAfter(block, "\n") {
		if want, ok := strings.CutPrefix(line, "#=> "); ok {
			out = append(out, step{commands.String(), strings.TrimSpace(want)})
			commands.Reset()
			continue
		}
		commands.WriteString(line)
	}
	if strings.TrimSpace(commands.String()) != "" {
		t.Fatalf("commands after the last #=> line are never checked:\n%s", commands.String())
	}
	if len(out) < 10 {
		t.Fatalf("only %d checked steps in the walkthrough", len(out))
	}
	return out
}

// TestREADMEWalkthrough starts the local system on free ports, runs the README's walkthrough
// (which signs up and logs in for its tokens) and checks every answer; then checks what the
// system logged.
func TestREADMEWalkthrough(t *testing.T) {
	needs.Program(t, "bash", "bash")
	needs.Program(t, "curl", "curl")
	steps := steps(t, walkthrough(t))
	local := startLocal(t)

	// One bash runs every step, so variables carry over as in the reader's terminal; each
	// step's output and its expected answer (with $NAMEs expanded by bash) go to files.
	dir := t.TempDir()
	var script strings.Builder
	script.WriteString("set -u\n")
	for i, s := range steps {
		fmt.Fprintf(&script, "{\n%s} > %s/answer.%d\n", local.ports.Replace(s.commands), dir, i)
		fmt.Fprintf(&script, "cat > %s/want.%d <<WANT\n%s\nWANT\n", dir, i, s.want)
	}
	cmd := exec.Command("bash", "-c", script.String())
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the walkthrough failed: %v\n%s\nscript:\n%s", err, out, script.String())
	}
	for i, s := range steps {
		answer := readFile(t, filepath.Join(dir, fmt.Sprint("answer.", i)))
		want := readFile(t, filepath.Join(dir, fmt.Sprint("want.", i)))
		if strings.Count(answer, "\n") != 1 {
			t.Errorf("step %d printed %d lines, want one answer:\n%s%s", i+1, strings.Count(answer, "\n"), s.commands, answer)
			continue
		}
		var got, expected any
		if err := json.Unmarshal([]byte(answer), &got); err != nil {
			t.Errorf("step %d answered no JSON:\n%s%s", i+1, s.commands, answer)
			continue
		}
		if err := json.Unmarshal([]byte(want), &expected); err != nil {
			t.Fatalf("step %d: the README's #=> line is no JSON: %s", i+1, want)
		}
		if !matches(expected, got) {
			t.Errorf("step %d:\n%sanswered %s\nthe README says #=> %s", i+1, s.commands, answer, want)
		}
	}

	local.stop(t)
	checkLogs(t, local)
}

// matches reports whether got has what want shows: every field of a non-empty object (others
// may be there too), for every element of an array some element of got's, "..." for any
// value, and equal scalars. An empty object stands for an empty object.
func matches(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || (len(w) == 0 && len(g) != 0) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !matches(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return false
		}
		for _, wv := range w {
			found := false
			for _, gv := range g {
				if matches(wv, gv) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	case string:
		if w == "..." {
			return got != nil
		}
	}
	return reflect.DeepEqual(want, got)
}

func TestMatches(t *testing.T) {
	parse := func(s string) any {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		want, got string
		ok        bool
	}{
		{`{}`, `{}`, true},
		{`{}`, `{"code":409}`, false},
		{`{"balance":"9"}`, `{"uuid":"u","balance":"9"}`, true},
		{`{"balance":"9"}`, `{"balance":"10"}`, false},
		{`{"uuid":"..."}`, `{"uuid":"u"}`, true},
		{`{"uuid":"..."}`, `{}`, false},
		{`{"a":[{"t":1}]}`, `{"a":[{"t":0,"x":1},{"t":1,"x":2}]}`, true},
		{`{"a":[{"t":2}]}`, `{"a":[{"t":0},{"t":1}]}`, false},
		{`{"code":409}`, `{"code":409.0}`, true},
	}
	for _, tt := range tests {
		if got := matches(parse(tt.want), parse(tt.got)); got != tt.ok {
			t.Errorf("matches(%s, %s) = %v, want %v", tt.want, tt.got, got, tt.ok)
		}
	}
}

// TestWalkthroughHoursAtEveryTimeOfDay runs the walkthrough's first paragraph (where it picks
// its hours) as if it were each half hour of a day, with `date` answering for that time, and
// checks the free-cancel hour is at least 25 h ahead, the late one between 30 min and 23 h
// ahead, and both inside the trainer's working hours (08:00-20:00 UTC, the default config).
func TestWalkthroughHoursAtEveryTimeOfDay(t *testing.T) {
	block := walkthrough(t)
	setup, _, _ := strings.Cut(block, "\n\n")
	// date with the simulated now as the base of every -d (and as now without one).
	const shim = `date() {
  local args=() d=""
  while [ $# -gt 0 ]; do case "$1" in -d) d="$2"; shift 2;; *) args+=("$1"); shift;; esac; done
  command date -d "$NOW $d" "${args[@]}"
}
`
	day := time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC) // the night before a DST change in Europe: UTC must not care
	for now := day; now.Before(day.Add(24 * time.Hour)); now = now.Add(30 * time.Minute) {
		cmd := exec.Command("bash", "-c", shim+setup+"\n"+`echo "$FREE $SOON $DAY"`)
		cmd.Env = append(os.Environ(), "NOW="+now.Format("2006-01-02 15:04:05")+" UTC", "TZ=Europe/Berlin")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", now, err, out)
		}
		fields := strings.Fields(string(out))
		if len(fields) != 3 {
			t.Fatalf("%s: printed %q, want FREE SOON DAY", now, out)
		}
		free, soon := parseHour(t, fields[0]), parseHour(t, fields[1])
		if ahead := free.Sub(now); ahead < 25*time.Hour {
			t.Errorf("at %s the free-cancel hour %s is only %s ahead", now.Format("15:04"), free, ahead)
		}
		if ahead := soon.Sub(now); ahead < 30*time.Minute || ahead > 23*time.Hour {
			t.Errorf("at %s the late-cancel hour %s is %s ahead, want 30 min to 23 h", now.Format("15:04"), soon, ahead)
		}
		for _, h := range []time.Time{free, soon} {
			if h.Hour() < 8 || h.Hour() > 20 || h.Minute() != 0 {
				t.Errorf("at %s the hour %s is not a trainer's working hour", now.Format("15:04"), h)
			}
		}
		if fields[2] != free.Format("2006-01-02")+"T00:00:00Z" {
			t.Errorf("at %s DAY is %s, want the free hour's day", now.Format("15:04"), fields[2])
		}
	}
}

func parseHour(t *testing.T, s string) time.Time {
	t.Helper()
	h, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("not an RFC 3339 time: %q", s)
	}
	return h
}

// local is the local system running as a child process.
type local struct {
	cmd      *exec.Cmd
	http     map[string]string // service -> host:port, as printed
	grpc     map[string]string
	ports    *strings.Replacer // the README's localhost:<fixed port> -> the printed addresses
	mu       sync.Mutex
	stderr   []string
	logsDone chan struct{}
	startup  int // how many stderr lines came before the walkthrough began
}

var servicePorts = map[string]string{"trainer": "8001", "user": "8002", "training": "8003"}

func startLocal(t *testing.T) *local {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-data", t.TempDir(), "-free-ports")
	cmd.Env = append(os.Environ(), runAsLocal+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l := &local{cmd: cmd, http: map[string]string{}, grpc: map[string]string{}, logsDone: make(chan struct{})}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	go func() {
		defer close(l.logsDone)
		scan := bufio.NewScanner(stderr)
		for scan.Scan() {
			l.mu.Lock()
			l.stderr = append(l.stderr, scan.Text())
			l.mu.Unlock()
		}
	}()

	// "  trainer   http://127.0.0.1:8001   grpc 127.0.0.1:9001", then the demo accounts.
	service := regexp.MustCompile(`^  (\w+) +http://(\S+) +grpc (\S+)$`)
	printed := make(chan error, 1)
	go func() {
		scan := bufio.NewScanner(stdout)
		for scan.Scan() {
			line := scan.Text()
			if m := service.FindStringSubmatch(line); m != nil {
				l.http[m[1]], l.grpc[m[1]] = m[2], m[3]
			}
			if strings.HasPrefix(line, "  attendee ") {
				printed <- nil
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
		}
		printed <- fmt.Errorf("stdout ended before the demo accounts: %v", scan.Err())
	}()
	select {
	case err := <-printed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the local system printed no demo accounts within 60 s")
	}
	var pairs []string
	for name, port := range servicePorts {
		addr, ok := l.http[name]
		if !ok {
			t.Fatalf("the local system printed no address for %s", name)
		}
		// The address as printed (127.0.0.1:port), not localhost: curl tries ::1 first, where
		// another program may listen on the same port number while the tests run.
		pairs = append(pairs, "localhost:"+port, addr)
	}
	l.ports = strings.NewReplacer(pairs...)
	// The servers say they listen right after the addresses are printed; wait for all six lines.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && l.count("server listening") < 6 {
		time.Sleep(50 * time.Millisecond)
	}
	l.mu.Lock()
	l.startup = len(l.stderr)
	l.mu.Unlock()
	return l
}

func (l *local) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.stderr {
		if strings.Contains(line, "\t"+msg+"\t") {
			n++
		}
	}
	return n
}

// stop sends SIGINT (Ctrl-C) and waits for a clean exit and the last log line.
func (l *local) stop(t *testing.T) {
	t.Helper()
	if err := l.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-l.logsDone
	if err := l.cmd.Wait(); err != nil {
		t.Errorf("the local system exited with %v after Ctrl-C", err)
	}
}

// checkLogs: every line is in the console format and names one of the three services; start-up
// says each server listens, at the address printed for its service, and nothing else above
// info; every server says it stops.
func checkLogs(t *testing.T, l *local) {
	t.Helper()
	failedBefore := t.Failed()
	listening := map[string]string{}
	stopping := 0
	for i, line := range l.stderr {
		e, err := logtest.Parse(line)
		if err != nil || strings.HasPrefix(line, "{") {
			t.Errorf("stderr line outside the console log format: %q", line)
			continue
		}
		name := e.Service()
		if _, ok := servicePorts[name]; !ok {
			t.Errorf("log line names no service of the system: %q", line)
		}
		if i < l.startup && e.Level != "info" {
			t.Errorf("start-up line at %s: %q", e.Level, line)
		}
		switch e.Message {
		case "server listening":
			listening[name+" "+fmt.Sprint(e.Fields["transport"])] = fmt.Sprint(e.Fields["addr"])
		case "server stopping":
			stopping++
		}
	}
	for name := range servicePorts {
		if got := listening[name+" http"]; got != l.http[name] {
			t.Errorf("%s says its HTTP server listens on %q; it printed %q", name, got, l.http[name])
		}
		if got := listening[name+" grpc"]; got != l.grpc[name] {
			t.Errorf("%s says its gRPC server listens on %q; it printed %q", name, got, l.grpc[name])
		}
	}
	if stopping != 6 {
		t.Errorf("%d \"server stopping\" lines, want 6", stopping)
	}
	if t.Failed() && !failedBefore {
		t.Logf("stderr:\n%s", strings.Join(l.stderr, "\n"))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
