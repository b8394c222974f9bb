package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// protoPackage is one proto_generate target: its folder, the import root its files are named
// from, and its plugins (nil: the defaults of tools/build/proto/defs.bzl).
type protoPackage struct {
	dir        string
	importRoot string
	srcs       []string
	plugins    map[string]string // binary name -> parameter
}

// The binaries tools/build/proto/defs.bzl runs, built here with the go command from the same sources
// (go.mod pins the plugins), so the committed code is what `bazel run //proto/<svc>/v1:update`
// writes (`//proto/<svc>/v1:generated_test` checks it).
var protoTools = map[string]string{
	"protogen":                  "./tools/build/proto/cmd/protogen",
	"protoc-gen-openapi-kratos": "./tools/build/proto/cmd/protoc-gen-openapi-kratos",
	"protoc-gen-go":             "google.golang.org/protobuf/cmd/protoc-gen-go",
	"protoc-gen-go-grpc":        "google.golang.org/grpc/cmd/protoc-gen-go-grpc",
	"protoc-gen-go-http":        "github.com/go-kratos/kratos/cmd/protoc-gen-go-http/v2",
}

// pluginLabels maps defs.bzl's plugin labels to the binaries above.
var pluginLabels = map[string]string{
	"@org_golang_google_protobuf//cmd/protoc-gen-go":                      "protoc-gen-go",
	"@org_golang_google_grpc_cmd_protoc_gen_go_grpc//:protoc-gen-go-grpc": "protoc-gen-go-grpc",
	"@com_github_go_kratos_kratos_cmd_protoc_gen_go_http_v2//:v2":         "protoc-gen-go-http",
	"//tools/build/proto/cmd/protoc-gen-openapi-kratos":                   "protoc-gen-openapi-kratos",
}

// defaultPlugins are defs.bzl's DEFAULT_PLUGINS.
var defaultPlugins = map[string]string{
	"protoc-gen-go":             "paths=source_relative",
	"protoc-gen-go-grpc":        "paths=source_relative",
	"protoc-gen-go-http":        "paths=source_relative,omitempty=false",
	"protoc-gen-openapi-kratos": "naming=proto,fq_schema_naming=true,enum_type=string",
}

// The committed outputs (defs.bzl's GENERATED_PATTERNS).
var generatedPatterns = []string{"*.pb.go", "openapi.yaml"}

// generateProtos regenerates each package's committed code in root (the workspace, or a staging
// folder laid out like it).
func (t *tool) generateProtos(root string, pkgs []protoPackage) error {
	tmp, err := os.MkdirTemp("", "scaffold-protogen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, err := t.protoBinaries(filepath.Join(tmp, "bin"))
	if err != nil {
		return err
	}
	for i, p := range pkgs {
		out := filepath.Join(tmp, fmt.Sprint("out", i))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		plugins := p.plugins
		if plugins == nil {
			plugins = defaultPlugins
		}
		rel, err := filepath.Rel(p.importRoot, p.dir)
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s is not under its import root %s", p.dir, p.importRoot)
		}
		args := []string{"-I", filepath.Join(root, p.importRoot), "-out", out}
		for name, param := range plugins {
			args = append(args, "-plugin", bin[name]+"="+param)
		}
		for _, src := range p.srcs {
			args = append(args, filepath.ToSlash(filepath.Join(rel, src)))
		}
		if err := runCommand(t.ws, nil, bin["protogen"], args...); err != nil {
			return fmt.Errorf("generating %s: %w", p.dir, err)
		}
		for _, pattern := range generatedPatterns {
			matches, _ := filepath.Glob(filepath.Join(out, rel, pattern))
			for _, m := range matches {
				b, err := os.ReadFile(m)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(root, p.dir, filepath.Base(m)), b, 0o644); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

var (
	protoGenerateCall = regexp.MustCompile(`(?s)proto_generate\((.*?)\n\)`)
	srcsAttr          = regexp.MustCompile(`srcs = \[([^\]]*)\]`)
	importRootAttr    = regexp.MustCompile(`import_root = "([^"]*)"`)
	pluginsAttr       = regexp.MustCompile(`plugins = \{([^}]*)\}`)
	quoted            = regexp.MustCompile(`"([^"]*)"`)
	pluginEntry       = regexp.MustCompile(`"([^"]+)":\s*"([^"]*)"`)
)

// protoPackages finds every proto_generate target of the workspace.
func (t *tool) protoPackages() ([]protoPackage, error) {
	var pkgs []protoPackage
	for _, top := range []string{"proto", "libs", "services"} {
		err := filepath.WalkDir(filepath.Join(t.ws, top), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "BUILD.bazel" {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			call := protoGenerateCall.FindSubmatch(b)
			if call == nil {
				return nil
			}
			dir, _ := filepath.Rel(t.ws, filepath.Dir(p))
			pkg := protoPackage{dir: filepath.ToSlash(dir), importRoot: "proto"}
			if m := importRootAttr.FindSubmatch(call[1]); m != nil {
				pkg.importRoot = string(m[1])
			}
			if m := srcsAttr.FindSubmatch(call[1]); m != nil {
				for _, q := range quoted.FindAllSubmatch(m[1], -1) {
					pkg.srcs = append(pkg.srcs, string(q[1]))
				}
			}
			if m := pluginsAttr.FindSubmatch(call[1]); m != nil {
				pkg.plugins = map[string]string{}
				for _, e := range pluginEntry.FindAllSubmatch(m[1], -1) {
					name, ok := pluginLabels[string(e[1])]
					if !ok {
						return fmt.Errorf("%s: unknown plugin %s", p, e[1])
					}
					pkg.plugins[name] = string(e[2])
				}
			}
			pkgs = append(pkgs, pkg)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return pkgs, nil
}

// protoBinaries finds the compiler and plugins: under `bazel run` in the binary's runfiles (the
// go_binary's env names them, SCAFFOLD_<NAME>), otherwise built into dir with the go command.
func (t *tool) protoBinaries(dir string) (map[string]string, error) {
	found := map[string]string{}
	for name := range protoTools {
		key := "SCAFFOLD_" + strings.ToUpper(strings.NewReplacer("-", "_").Replace(name))
		if rloc := os.Getenv(key); rloc != "" {
			if p := runfile(rloc); p != "" {
				found[name] = p
			}
		}
	}
	if len(found) == len(protoTools) {
		return found, nil
	}
	args := []string{"build", "-o", dir + string(filepath.Separator)}
	for _, pkg := range protoTools {
		args = append(args, pkg)
	}
	if err := t.goRun(args...); err != nil {
		return nil, fmt.Errorf("building the proto compiler and plugins: %w", err)
	}
	for name := range protoTools {
		found[name] = filepath.Join(dir, name)
	}
	return found, nil
}

// runfile is the file at rlocation path rloc in this binary's runfiles, or "".
func runfile(rloc string) string {
	var roots []string
	if d := os.Getenv("RUNFILES_DIR"); d != "" {
		roots = append(roots, d)
	}
	if exe, err := os.Executable(); err == nil {
		roots = append(roots, exe+".runfiles")
	}
	if wd, err := os.Getwd(); err == nil {
		roots = append(roots, filepath.Dir(wd)) // bazel run starts in <runfiles>/_main
	}
	for _, root := range roots {
		if p := filepath.Join(root, rloc); fileExists(p) {
			return p
		}
	}
	return ""
}

// goRun runs the go command of the toolchain in use ($GOROOT/bin/go, else go on PATH) in the
// workspace.
func (t *tool) goRun(args ...string) error {
	goBin := "go"
	if root := os.Getenv("GOROOT"); root != "" && fileExists(filepath.Join(root, "bin", "go")) {
		goBin = filepath.Join(root, "bin", "go")
	}
	return runCommand(t.ws, nil, goBin, args...)
}

// gazelle regenerates the BUILD files with `bazel run //:gazelle`: the `bazel` on PATH under
// `bazel run` (the binary runs where Bazel does, in its root when tools/bazel set one up), the
// workspace's launcher tools/bazel otherwise.
func (t *tool) gazelle() error {
	if !t.bazel {
		return nil
	}
	bazel := filepath.Join(t.ws, "tools", "bazel")
	if os.Getenv("BUILD_WORKSPACE_DIRECTORY") != "" {
		bazel = "bazel"
	}
	fmt.Fprintln(t.out, "Regenerating BUILD files: bazel run //:gazelle ...")
	// The variables `bazel run` gave this binary would point the inner Bazel at its runfiles.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RUNFILES_") && !strings.HasPrefix(kv, "JAVA_RUNFILES") && !strings.HasPrefix(kv, "BUILD_") {
			env = append(env, kv)
		}
	}
	return runCommand(t.ws, env, bazel, "run", "//:gazelle")
}

// runCommand runs name in dir with env (nil: this process's), and returns its output in the
// error when it fails.
func runCommand(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, out.String())
	}
	return nil
}
