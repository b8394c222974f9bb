package main

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fakeQuery answers the two queries Select asks: the targets of the changed packages (from
// targets), then the tests that depend on the changes (tests, recording the expression).
type fakeQuery struct {
	targets  map[string][]string // "'//pkg:*'" -> its targets
	tests    []string
	failRdep error
	asked    []string
}

func (f *fakeQuery) query(expression string) ([]string, error) {
	f.asked = append(f.asked, expression)
	if strings.HasPrefix(expression, "set(") {
		var out []string
		for _, word := range strings.Fields(strings.TrimSuffix(strings.TrimPrefix(expression, "set("), ")")) {
			out = append(out, f.targets[word]...)
		}
		return out, nil
	}
	return f.tests, f.failRdep
}

func TestSelectAsksForTheTestsThatDependOnTheChangedTargets(t *testing.T) {
	t.Parallel()
	f := &fakeQuery{
		targets: map[string][]string{
			"'//:*'":          {"//:BUILD.bazel", "//:README.md", "//:gazelle_test"},
			"'//libs/errs:*'": {"//libs/errs:errs", "//libs/errs:errs.go", "//libs/errs:errs_test"},
		},
		tests: []string{"//libs/errs:errs_test", "//:gazelle_test"},
	}
	got, why := Select(Plan{
		// docs/notes.md is in the root package but no rule reads it: it cannot be asked for.
		Files:    []string{"//:docs/notes.md", "//libs/errs:errs.go"},
		Packages: []string{"//services/training/service"},
	}, f.query)
	if why != "" {
		t.Fatalf("everything selected: %s", why)
	}
	if want := []string{"//:gazelle_test", "//libs/errs:errs_test"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tests %v, want %v (sorted)", got, want)
	}
	if len(f.asked) != 2 {
		t.Fatalf("asked %q, want the packages' targets then the tests", f.asked)
	}
	rdeps := f.asked[1]
	for _, want := range []string{
		"rdeps(//..., set('//libs/errs:errs.go' '//services/training/service:*'))",
		uncachedTests,
		"kind('_test rule',",
		"except (attr(tags, '\\bmanual\\b', //...) except tests(//:whole_system))",
	} {
		if !strings.Contains(rdeps, want) {
			t.Errorf("the test query %q lacks %q", rdeps, want)
		}
	}
	if strings.Contains(rdeps, "docs/notes.md") {
		t.Errorf("the test query %q asks for a file that is no target", rdeps)
	}
}

func TestSelectStillRunsUncachedTestsWhenNoChangedFileIsATarget(t *testing.T) {
	t.Parallel()
	f := &fakeQuery{targets: map[string][]string{"'//:*'": {"//:BUILD.bazel"}}, tests: []string{"//:gazelle_test"}}
	got, why := Select(Plan{Files: []string{"//:docs/notes.md"}}, f.query)
	if why != "" || !reflect.DeepEqual(got, []string{"//:gazelle_test"}) {
		t.Errorf("Select = %v, %q; want the uncached tests", got, why)
	}
	if last := f.asked[len(f.asked)-1]; strings.Contains(last, "rdeps") {
		t.Errorf("asked %q: there is nothing to take reverse dependencies of", last)
	}
}

func TestSelectFallsBackToEverything(t *testing.T) {
	t.Parallel()
	if got, why := Select(Plan{Everything: "go.mod is part of the build's set-up"}, nil); !reflect.DeepEqual(got, Everything) || why == "" {
		t.Errorf("a set-up change: %v, %q; want //... and why", got, why)
	}
	f := &fakeQuery{failRdep: errors.New("no such target '//libs/errs:gone'")}
	if got, why := Select(Plan{Packages: []string{"//libs/errs"}}, f.query); !reflect.DeepEqual(got, Everything) || !strings.Contains(why, "gone") {
		t.Errorf("a failed query: %v, %q; want //... and the query's error", got, why)
	}
	if got, why := Select(Plan{}, func(string) ([]string, error) {
		t.Error("asked Bazel about no change")
		return nil, nil
	}); got != nil || why != "" {
		t.Errorf("no change: %v, %q; want no test", got, why)
	}
}

// Lines from a real partial answer: in the offline Bazel root, Bazel's coverage tools cannot be
// fetched, and every go_test implicitly depends on them.
const offlineErrors = `WARNING: Download from https://mirror.bazel.build/x.zip failed: Unknown host: mirror.bazel.build
ERROR: /out/external/bazel_tools/tools/build_defs/repo/http.bzl:136:45: An error occurred during the fetch of repository 'bazel_tools~remote_coverage_tools_extension~remote_coverage_tools':
ERROR: /out/external/bazel_tools/tools/test/BUILD:36:6: no such package '@@bazel_tools~remote_coverage_tools_extension~remote_coverage_tools//': java.io.IOException: Error downloading
ERROR: /out/external/bazel_tools/third_party/zlib/BUILD.bazel:18:6: no such target '@@zlib~//:zlib': target 'zlib' not declared in package '' defined by /out/external/zlib~/BUILD.bazel and referenced by '@@bazel_tools//third_party/zlib:zlib'
ERROR: /ws/services/trainer/domain/hour/BUILD.bazel:21:8: every rule of type go_test implicitly depends upon the target '@@bazel_tools//tools/test:coverage_report_generator', but this target could not be found because of: no such package '@@bazel_tools~remote_coverage_tools_extension~remote_coverage_tools//'
ERROR: Evaluation of query "rdeps(//..., set(//libs/errs:errs.go))" failed: errors were encountered while computing transitive closure
WARNING: --keep_going specified, ignoring errors. Results may be inaccurate
`

func TestExternalOnlyTakesPartialAnswersOnlyForExternalErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, stderr string
		want         bool
	}{
		{"an external tool cannot be fetched", offlineErrors, true},
		{"a target of this workspace is missing", offlineErrors +
			"ERROR: /ws/libs/x/BUILD.bazel:3:1: no such target '//libs/errs:gone': target 'gone' not declared in package 'libs/errs'\n", false},
		{"a BUILD file of this workspace is broken", offlineErrors +
			"ERROR: /ws/libs/x/BUILD.bazel:3:1: name 'go_libary' is not defined\n", false},
		{"a BUILD file of this workspace names a missing repository", offlineErrors +
			"ERROR: /ws/libs/x/BUILD.bazel:3:1: no such package '@@typo//': The repository '@@typo' could not be resolved\n", false},
		{"no error at all (an exit code 3 must have a reason)", "WARNING: something\n", false},
	} {
		if got := externalOnly(tt.stderr, "/ws"); got != tt.want {
			t.Errorf("%s: externalOnly = %v, want %v", tt.name, got, tt.want)
		}
	}
}
