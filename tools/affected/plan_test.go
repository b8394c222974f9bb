package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// baseTree is a small workspace shaped like this one: packages at the places that matter, and
// the files each kind of change touches. Its BUILD files are never parsed (only their presence
// makes a package), so their contents are placeholders.
var baseTree = map[string]string{
	"MODULE.bazel":          "module(name = \"x\")\n",
	".bazelrc":              "common --enable_bzlmod\n",
	"go.mod":                "module example.com/x\n",
	"go.sum":                "",
	"BUILD.bazel":           "exports_files([\"README.md\"])\n",
	"README.md":             "# x\n",
	"docs/notes.md":         "notes in the root package\n",
	"libs/errs/BUILD.bazel": "go_library(name = \"errs\")\n",
	"libs/errs/errs.go":     "package errs\n",
	"libs/errs/old.go":      "package errs\n",
	"services/training/domain/training/BUILD.bazel":  "go_library(name = \"training\")\n",
	"services/training/domain/training/training.go":  "package training\n",
	"services/training/service/BUILD.bazel":          "go_library(name = \"service\")\n",
	"services/training/service/service.go":           "package service\n",
	"proto/training/v1/BUILD.bazel":                  "proto_library(name = \"trainingv1_proto\")\n",
	"proto/training/v1/training.proto":               "syntax = \"proto3\";\n",
	"tools/build/proto/BUILD.bazel":                  "",
	"tools/build/proto/defs.bzl":                     "def proto_generate(): pass\n",
	"tools/bazel":                                    "#!/bin/sh\n",
	"tools/build/bazel-root/root.sh":                 "#!/bin/sh\n",
	"tools/build/bazel-root/BUILD.bazel":             "",
	"tools/build/bazel-registry/bazel_registry.json": "{}\n",
	"tools/build/oci/push/BUILD.bazel":               "go_library(name = \"push\")\n",
	"tools/build/oci/push/push.go":                   "package push\n",
}

// repo is a throwaway git repository holding baseTree, committed and tagged "base".
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) repo {
	t.Helper()
	needs.Program(t, "git", "git")
	r := repo{t: t, dir: t.TempDir()}
	r.git("init", "-q")
	for name, content := range baseTree {
		r.write(name, content)
	}
	r.commit("base")
	r.git("tag", "base")
	return r
}

func (r repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r repo) write(name, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r repo) appendLine(name string) {
	r.t.Helper()
	old, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(name)))
	if err != nil {
		r.t.Fatal(err)
	}
	r.write(name, string(old)+"// one more line\n")
}

func (r repo) commit(message string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "-m", message)
}

func (r repo) plan() Plan {
	r.t.Helper()
	changes, err := Changes(r.dir, "base")
	if err != nil {
		r.t.Fatal(err)
	}
	return PlanFor(r.dir, changes)
}

// TestPlanForEachKindOfChange builds a repository history per kind of change and checks what
// the change is mapped to: changed files by label, whole packages, or everything.
func TestPlanForEachKindOfChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(r repo)
		commit bool // committed on the branch, or left in the working tree
		want   Plan
	}{
		{"a library", func(r repo) { r.appendLine("libs/errs/errs.go") }, true,
			Plan{Files: []string{"//libs/errs:errs.go"}}},
		{"one service's domain", func(r repo) { r.appendLine("services/training/domain/training/training.go") }, true,
			Plan{Files: []string{"//services/training/domain/training:training.go"}}},
		{"uncommitted, in the working tree", func(r repo) { r.appendLine("services/training/service/service.go") }, false,
			Plan{Files: []string{"//services/training/service:service.go"}}},
		{"a new untracked file", func(r repo) { r.write("services/training/service/new.go", "package service\n") }, false,
			Plan{Files: []string{"//services/training/service:new.go"}}},
		// Every target of the package may have changed (attributes, visibility, new targets).
		{"a BUILD file", func(r repo) { r.appendLine("services/training/service/BUILD.bazel") }, true,
			Plan{Packages: []string{"//services/training/service"}}},
		{"a .bzl file", func(r repo) { r.appendLine("tools/build/proto/defs.bzl") }, true,
			Plan{Everything: "tools/build/proto/defs.bzl is Starlark that BUILD files or module extensions load"}},
		{"a proto", func(r repo) { r.appendLine("proto/training/v1/training.proto") }, true,
			Plan{Files: []string{"//proto/training/v1:training.proto"}}},
		{"go.mod", func(r repo) { r.appendLine("go.mod") }, true,
			Plan{Everything: "go.mod is part of the build's set-up"}},
		{"MODULE.bazel", func(r repo) { r.appendLine("MODULE.bazel") }, true,
			Plan{Everything: "MODULE.bazel is part of the build's set-up"}},
		{"the Bazel root", func(r repo) { r.appendLine("tools/build/bazel-root/root.sh") }, true,
			Plan{Everything: "tools/build/bazel-root/root.sh is part of the Bazel launcher's set-up"}},
		{"the project's Bazel registry", func(r repo) { r.appendLine("tools/build/bazel-registry/bazel_registry.json") }, true,
			Plan{Everything: "tools/build/bazel-registry/bazel_registry.json is part of the Bazel launcher's set-up"}},
		// Build rules' Go code is an ordinary package: only what depends on it is selected.
		{"a build tool's Go code", func(r repo) { r.appendLine("tools/build/oci/push/push.go") }, true,
			Plan{Files: []string{"//tools/build/oci/push:push.go"}}},
		// The targets that listed or globbed the file changed, though the file has no label now.
		{"a deleted file", func(r repo) { r.git("rm", "-q", "libs/errs/old.go") }, true,
			Plan{Packages: []string{"//libs/errs"}}},
		// The old package is gone: what held its files is now the nearest package above (here
		// the root); the new one is a new BUILD file with new files.
		{"a renamed package", func(r repo) { r.git("mv", "libs/errs", "libs/errors") }, true,
			Plan{Files: []string{"//libs/errors:errs.go", "//libs/errors:old.go"}, Packages: []string{"//", "//libs/errors"}}},
		{"a deleted BUILD file (the package joins its parent)", func(r repo) {
			r.git("rm", "-q", "services/training/domain/training/BUILD.bazel")
		}, true, Plan{Packages: []string{"//"}}},
		{"a file of the root package in a folder", func(r repo) { r.appendLine("docs/notes.md") }, true,
			Plan{Files: []string{"//:docs/notes.md"}}},
		{"nothing", func(r repo) {}, false, Plan{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRepo(t)
			r.git("checkout", "-q", "-b", "change")
			tt.change(r)
			if tt.commit {
				r.commit(tt.name)
			}
			if got := r.plan(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("plan %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestPlanIgnoresWhatTheBaseGainedSinceTheBranch: the changes are the branch's, counted from
// the merge base, not the difference to the base's newest commit (which would undo, and so
// select, everything the base gained).
func TestPlanIgnoresWhatTheBaseGainedSinceTheBranch(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.git("checkout", "-q", "-b", "change")
	r.appendLine("libs/errs/errs.go")
	r.commit("the branch's change")
	r.git("checkout", "-q", "base")
	r.git("checkout", "-q", "-b", "main")
	r.appendLine("go.mod")
	r.commit("main moves on")
	r.git("tag", "-f", "base")
	r.git("checkout", "-q", "change")

	want := Plan{Files: []string{"//libs/errs:errs.go"}}
	if got := r.plan(); !reflect.DeepEqual(got, want) {
		t.Errorf("plan %+v, want %+v", got, want)
	}
}

func TestChangesFailsWithoutTheBase(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	if _, err := Changes(r.dir, "no-such-revision"); err == nil {
		t.Error("no error for a base that does not exist")
	}
}
