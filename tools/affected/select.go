package main

import (
	"fmt"
	"sort"
	"strings"
)

// Query runs `bazel query <expression>` and returns the labels it printed. Any error (a package
// that does not load, a target that does not exist, Bazel failing) must be returned: Select then
// selects everything rather than a guess.
type Query func(expression string) ([]string, error)

// WholeSystem is the test suite of the whole-system tests (the cluster deployment, the
// scaffold's copies): tagged manual, so `bazel test //...` skips them, but a pull request that
// can affect one runs it, as the full suite does.
const WholeSystem = "//:whole_system"

// Everything is the selection when the tests that a change affects cannot be worked out: the
// full suite.
var Everything = []string{"//...", WholeSystem}

// testsToRun keeps what the full suite (`bazel test //... //:whole_system`) would run of a set:
// test rules, without those tagged manual (a pattern skips them, a label on the command line
// would not) unless the whole-system suite names them.
func testsToRun(set string) string {
	return fmt.Sprintf("kind('_test rule', %s) except (attr(tags, '\\bmanual\\b', //...) except tests(%s))", set, WholeSystem)
}

// uncachedTests are tests Bazel never caches (tags no-cache or external, e.g. //:gazelle_test,
// which reads the whole workspace rather than declared inputs): no dependency query can say a
// change does not affect them, so they run whenever anything changed.
const uncachedTests = "attr(tags, '\\bno-cache\\b|\\bexternal\\b', //...)"

// Select turns a plan into the test targets to run: the tests that depend, directly or not, on
// a changed file or on any target of a changed package, plus the uncached tests. why says,
// when everything is selected, why.
func Select(plan Plan, query Query) (tests []string, why string) {
	if plan.Everything != "" {
		return Everything, plan.Everything
	}
	if len(plan.Files) == 0 && len(plan.Packages) == 0 {
		return nil, ""
	}
	var changed []string
	for _, pkg := range plan.Packages {
		changed = append(changed, pkg+":*")
	}
	if len(plan.Files) > 0 {
		// A changed file that is not a target of its package (a README no rule reads) cannot
		// be depended on; asking for it by label would be an error, so the packages' targets
		// are listed first and only the files among them are kept.
		packages := map[string]bool{}
		for _, f := range plan.Files {
			packages[f[:strings.Index(f, ":")]+":*"] = true
		}
		targets, err := query(union(keys(packages)))
		if err != nil {
			return Everything, fmt.Sprintf("listing the changed packages' targets: %v", err)
		}
		isTarget := map[string]bool{}
		for _, t := range targets {
			isTarget[canonical(t)] = true
		}
		for _, f := range plan.Files {
			if isTarget[canonical(f)] {
				changed = append(changed, f)
			}
		}
	}
	expression := testsToRun(uncachedTests)
	if len(changed) > 0 {
		expression = testsToRun(fmt.Sprintf("rdeps(//..., %s) + %s", union(changed), uncachedTests))
	}
	tests, err := query(expression)
	if err != nil {
		return Everything, fmt.Sprintf("the reverse-dependency query failed: %v", err)
	}
	sort.Strings(tests)
	return tests, ""
}

// canonical spells a main-repository label one way: Bazel may print it as @//pkg:x.
func canonical(l string) string { return strings.TrimPrefix(l, "@") }

// union is the query set of the labels or patterns, each quoted so that file names with
// characters the query language gives a meaning (+, -, ^) stay one word.
func union(items []string) string {
	sort.Strings(items)
	quoted := make([]string, len(items))
	for i, item := range items {
		quoted[i] = "'" + item + "'"
	}
	return "set(" + strings.Join(quoted, " ") + ")"
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// externalOnly reports whether every error of a partial query answer (bazel query --keep_going,
// exit code 3) concerns only external repositories: a repository that could not be fetched, a
// target or package in one, or a rule of this workspace (a BUILD file under root) whose implicit
// dependency on an external tool is missing. No external repository depends on this workspace's
// targets, so such errors cannot hide a test that depends on a change. An error naming a target
// of this workspace ('//...), or any other error in its BUILD files, is not external.
func externalOnly(stderr, root string) bool {
	seen := false
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(line, "ERROR: ") {
			continue
		}
		seen = true
		inWorkspace := strings.HasPrefix(line, "ERROR: "+strings.TrimSuffix(root, "/")+"/")
		switch {
		case strings.Contains(line, "errors were encountered while computing transitive closure"):
			// The summary of the errors above.
		case strings.Contains(line, "'//"):
			return false
		case strings.Contains(line, "An error occurred during the fetch of repository '") && !inWorkspace:
		case inWorkspace && strings.Contains(line, "implicitly depends upon the target '@"):
		case !inWorkspace && strings.Contains(line, "'@"):
		default:
			return false
		}
	}
	return seen
}
