// Package ci_test checks the GitHub Actions workflow (.github/workflows/ci.yml) without running
// it: the YAML parses and has the triggers, jobs and steps the project relies on.
package ci_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The files as seen from this package, in the sources (go test) and in Bazel's runfiles alike.
const (
	workflowFile = "../../../.github/workflows/ci.yml"
	fullTestFile = "../../../.ci/run"
)

type workflow struct {
	// The events: `pull_request:` with no settings is a key with a null value.
	On map[string]*struct {
		Branches []string `yaml:"branches"`
	} `yaml:"on"`
	Jobs map[string]struct {
		RunsOn string            `yaml:"runs-on"`
		Env    map[string]string `yaml:"env"`
		Steps  []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	If   string            `yaml:"if"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func load(t *testing.T) workflow {
	t.Helper()
	data, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s does not parse: %v", workflowFile, err)
	}
	return w
}

// find returns the index of the first step that matches, or fails the test.
func find(t *testing.T, steps []step, what string, match func(step) bool) (int, step) {
	t.Helper()
	for i, s := range steps {
		if match(s) {
			return i, s
		}
	}
	t.Fatalf("no step %s", what)
	return 0, step{}
}

func TestWorkflowRunsAffectedTestsOnPullRequestsAndEverythingOnMain(t *testing.T) {
	w := load(t)
	if pr, ok := w.On["pull_request"]; !ok || (pr != nil && len(pr.Branches) > 0) {
		t.Error("not run on every pull request")
	}
	if push := w.On["push"]; push == nil || !slices.Contains(push.Branches, "main") {
		t.Error("not run on pushes to main")
	}
	job, ok := w.Jobs["test"]
	if !ok {
		t.Fatalf("no job test in %v", w.Jobs)
	}
	if !strings.HasPrefix(job.RunsOn, "ubuntu-") {
		t.Errorf("runs-on %q, want a GitHub ubuntu runner (bazelisk is installed there)", job.RunsOn)
	}
	// tools/bazel must take the runner's bazelisk, never start debootstrapping a Debian root.
	if job.Env["BAZEL_LAUNCHER"] != "host" {
		t.Errorf("BAZEL_LAUNCHER = %q, want host", job.Env["BAZEL_LAUNCHER"])
	}
	steps := job.Steps

	_, checkout := find(t, steps, "actions/checkout", func(s step) bool { return strings.HasPrefix(s.Uses, "actions/checkout@") })
	if checkout.With["fetch-depth"] != "0" {
		t.Errorf("checkout fetch-depth %q, want 0: tools/affected needs the base branch's history", checkout.With["fetch-depth"])
	}
	find(t, steps, "actions/setup-go with go.mod's version", func(s step) bool {
		return strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["go-version-file"] == "go.mod"
	})

	// The folders actions/cache restores are the ones Bazel is told to use.
	cacheAt, cache := find(t, steps, "actions/cache", func(s step) bool { return strings.HasPrefix(s.Uses, "actions/cache@") })
	if cache.With["key"] == "" {
		t.Error("the cache has no key")
	}
	cached := strings.Fields(cache.With["path"])
	rcAt, rc := find(t, steps, "writing user.bazelrc", func(s step) bool { return strings.Contains(s.Run, "user.bazelrc") })
	for _, flag := range []string{"--disk_cache=", "--repository_cache="} {
		_, value, ok := strings.Cut(rc.Run, flag)
		if !ok {
			t.Errorf("user.bazelrc gets no %s", flag)
			continue
		}
		folder := strings.Replace(strings.Fields(value)[0], "$HOME", "~", 1)
		if !slices.Contains(cached, folder) {
			t.Errorf("Bazel's %s%s is not a cached folder %v", flag, folder, cached)
		}
	}

	prAt, pr := find(t, steps, "testing the affected targets", func(s step) bool { return strings.Contains(s.Run, "go run ./tools/affected") })
	if pr.If != "github.event_name == 'pull_request'" || !strings.Contains(pr.Run, "bazel test $targets") {
		t.Errorf("the affected tests' step (if %q) must run only on pull requests and bazel test what tools/affected printed:\n%s", pr.If, pr.Run)
	}
	allAt, all := find(t, steps, "running .ci/run", func(s step) bool { return strings.TrimSpace(s.Run) == ".ci/run" })
	if all.If != "github.event_name != 'pull_request'" {
		t.Errorf("the full run's step has if %q, want every event but pull requests", all.If)
	}
	if !(cacheAt < rcAt && rcAt < prAt && rcAt < allAt) {
		t.Errorf("the caches must be restored and configured before the tests run (steps %d, %d, then %d and %d)", cacheAt, rcAt, prAt, allAt)
	}
}

// TestFullTestCommandIsTheReadmes: .ci/run stays the full suite, `./tools/bazel test //...
// //:whole_system` (the whole-system tests are manual: `//...` alone skips them).
func TestFullTestCommandIsTheReadmes(t *testing.T) {
	info, err := os.Stat(fullTestFile)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&0o111 == 0 {
		t.Errorf("%s is not executable", fullTestFile)
	}
	data, err := os.ReadFile(fullTestFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n./tools/bazel test //... //:whole_system\n") {
		t.Errorf("%s does not run ./tools/bazel test //... //:whole_system:\n%s", fullTestFile, data)
	}
}
