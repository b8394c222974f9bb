// Command affected prints the Bazel test targets that the changes since a base revision can
// affect, one per line, for an incremental CI job:
//
//	bazel test $(go run ./tools/affected origin/main)
//
// It prints the full suite (//... and //:whole_system) when the build's set-up changed
// (MODULE.bazel, go.mod, .bazelrc, a .bzl file, the launcher) or when Bazel cannot answer, and nothing when no test can be affected. See
// README.md for the rules and what the tests check.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	bazel := flag.String("bazel", "", "the Bazel command (default: the workspace's tools/bazel launcher)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/affected [-bazel cmd] [base revision, default HEAD~1]")
		flag.PrintDefaults()
	}
	flag.Parse()
	base := "HEAD~1"
	if flag.NArg() > 0 {
		base = flag.Arg(0)
	}
	root, err := git(".", "rev-parse", "--show-toplevel")
	if err != nil {
		fail(err)
	}
	root = strings.TrimSpace(root)
	if *bazel == "" {
		*bazel = filepath.Join(root, "tools", "bazel")
	}

	changes, err := Changes(root, base)
	if err != nil {
		// Without the base (a shallow clone, a wrong name) the changes are unknown: testing
		// everything is slow but never wrong. Said on stderr so a CI log shows it.
		fmt.Fprintf(os.Stderr, "affected: selecting everything: %v\n", err)
		for _, t := range Everything {
			fmt.Println(t)
		}
		return
	}
	tests, why := Select(PlanFor(root, changes), bazelQuery(root, *bazel))
	if why != "" {
		fmt.Fprintf(os.Stderr, "affected: selecting everything: %s\n", why)
	}
	for _, t := range tests {
		fmt.Println(t)
	}
}

// bazelQuery runs `bazel query` in the workspace. A reverse-dependency query loads the
// transitive closure of //..., tools included, so it fails where one of Bazel's own external
// tools cannot be fetched (offline, Bazel's coverage tools); --keep_going lets it finish, and
// its partial answer (exit code 3) is taken only when every error is confined to external
// repositories (externalOnly). Any other failure is an error.
func bazelQuery(root, bazel string) Query {
	return func(expression string) ([]string, error) {
		cmd := exec.Command(bazel, "query", "--keep_going", "--noshow_progress", "--output=label", expression)
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if exit, ok := err.(*exec.ExitError); ok && exit.ExitCode() == 3 && externalOnly(stderr.String(), root) {
			err = nil
		}
		if err != nil {
			return nil, fmt.Errorf("bazel query %s: %v: %s", expression, err, lastLines(stderr.String(), 5))
		}
		return strings.Fields(string(out)), nil
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "affected:", err)
	os.Exit(1)
}
