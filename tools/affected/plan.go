package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Change is one path that differs between the base and the working tree. A deleted file, and a
// renamed file's old path, are Deleted; its new path is a change of its own.
type Change struct {
	Path    string
	Deleted bool
}

// Changes lists what differs between the merge base of base and HEAD and the working tree,
// untracked files included: what a branch (or a pull request's merge commit) changes, without
// what the base gained since the branch was made.
func Changes(repo, base string) ([]Change, error) {
	mergeBase, err := git(repo, "merge-base", base, "HEAD")
	if err != nil {
		return nil, err
	}
	// --no-renames: a rename is its old path deleted and its new path added, each of which
	// matters on its own (the old package lost a file, the new one gained it).
	diff, err := git(repo, "diff", "--name-status", "--no-renames", "-z", strings.TrimSpace(mergeBase), "--")
	if err != nil {
		return nil, err
	}
	var changes []Change
	fields := strings.Split(strings.TrimSuffix(diff, "\x00"), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		changes = append(changes, Change{Path: fields[i+1], Deleted: fields[i] == "D"})
	}
	untracked, err := git(repo, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Split(untracked, "\x00") {
		if p != "" {
			changes = append(changes, Change{Path: p})
		}
	}
	return changes, nil
}

func git(repo string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// Plan is what the changes can affect, before asking Bazel which tests depend on it.
type Plan struct {
	// Everything, when not empty, says why every test is selected: the change is to the build's
	// own set-up, which no dependency query can follow.
	Everything string
	// Files are the labels of changed files that still exist, in their package
	// (//libs/errs:errs.go). Those that are not targets of their package are dropped later:
	// no rule reads them, so no test can depend on them.
	Files []string
	// Packages are packages all of whose targets count as changed (//libs/errs): their BUILD
	// file changed, or a file in them was deleted (the targets that listed or globbed it
	// changed).
	Packages []string
}

// setupFiles change what every target is built with (toolchains, external repositories,
// flags): a change to one selects everything.
var setupFiles = map[string]bool{
	"MODULE.bazel": true, "MODULE.bazel.lock": true, "WORKSPACE": true, "WORKSPACE.bazel": true,
	"WORKSPACE.bzlmod": true, "REPO.bazel": true, ".bazelrc": true, "user.bazelrc": true,
	".bazelversion": true, ".bazelignore": true, "go.mod": true, "go.sum": true, "tools/bazel": true,
}

// everythingBecause says why a changed path selects everything, or "" when it does not.
func everythingBecause(p string) string {
	switch {
	case setupFiles[p]:
		return p + " is part of the build's set-up"
	case strings.HasPrefix(p, "tools/build/bazel-"):
		// The Bazel root, the offline modules and the project's registry.
		return p + " is part of the Bazel launcher's set-up"
	case strings.HasSuffix(p, ".bzl"):
		// A .bzl file is loaded by BUILD files (any package, transitively through other .bzl
		// files) and by module extensions (MODULE.bazel): working out which packages that
		// reaches is not a dependency query, so it is not guessed.
		return p + " is Starlark that BUILD files or module extensions load"
	}
	return ""
}

func isBuildFile(p string) bool {
	base := path.Base(p)
	return base == "BUILD" || base == "BUILD.bazel"
}

// PlanFor maps the changes onto Bazel packages, reading which packages exist from the working
// tree under root (a directory with a BUILD or BUILD.bazel file).
func PlanFor(root string, changes []Change) Plan {
	var plan Plan
	files, packages := map[string]bool{}, map[string]bool{}
	for _, c := range changes {
		p := filepath.ToSlash(c.Path)
		if why := everythingBecause(p); why != "" {
			return Plan{Everything: why}
		}
		switch {
		case isBuildFile(p) && !c.Deleted:
			packages[path.Dir(p)] = true
		case c.Deleted:
			// The file, or the package it was in, is gone: what contained it now is the
			// nearest package above it (its own, or the one that took in its directory).
			if pkg, ok := packageOf(root, path.Dir(p)); ok {
				packages[pkg] = true
			}
		default:
			if pkg, ok := packageOf(root, path.Dir(p)); ok {
				files[label(pkg, strings.TrimPrefix(strings.TrimPrefix(p, pkg), "/"))] = true
			}
			// A file in no package is invisible to Bazel: no target can read it.
		}
	}
	for pkg := range packages {
		plan.Packages = append(plan.Packages, label(pkg, ""))
	}
	for f := range files {
		plan.Files = append(plan.Files, f)
	}
	sort.Strings(plan.Packages)
	sort.Strings(plan.Files)
	return plan
}

// packageOf finds the package that holds dir: dir itself or its nearest parent with a BUILD file.
func packageOf(root, dir string) (string, bool) {
	for {
		if dir == "." || dir == "/" {
			dir = ""
		}
		for _, name := range []string{"BUILD.bazel", "BUILD"} {
			if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(dir), name)); err == nil && !fi.IsDir() {
				return dir, true
			}
		}
		if dir == "" {
			return "", false
		}
		dir = path.Dir(dir)
	}
}

// label is //pkg:name, or the package's label //pkg when name is empty.
func label(pkg, name string) string {
	if pkg == "." {
		pkg = ""
	}
	if name == "" {
		return "//" + pkg
	}
	return "//" + pkg + ":" + name
}
