package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var (
	modulePathPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+(/[A-Za-z0-9._~-]+)+$`)
	projectNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,40}[a-z0-9]$`)
	repositoryPrefix   = regexp.MustCompile(`(?m)^REPOSITORY_PREFIX = "([^"/]+)/"$`)
	bazelModuleName    = regexp.MustCompile(`(?s)module\(\s*name = "([^"]+)"`)
)

// renameSkipped are folders rename leaves alone: Bazel's own output, the Bazel launcher and its
// root (their cache folder and shim keep the upstream name, so every clone on a machine shares
// them), and the vendored registry and offline modules, whose patches are checksummed.
var renameSkipped = []string{
	".git", ".local-data", "tools/bazel", "tools/build/bazel-root", "tools/build/bazel-registry", "tools/build/bazel-offline",
}

// rename makes this copy the user's project: the Go module path everywhere (imports, BUILD
// files, protos' go_package, docs), the project name in image repositories, deployment paths,
// units and docs, and the Bazel module name; then it regenerates the protos' Go code, whose
// descriptors embed the module path.
func (t *tool) rename(module, project string) error {
	if !modulePathPattern.MatchString(module) {
		return refuse("%q is not a Go module path like github.com/acme/shop (lowercase host with a dot, then a path)", module)
	}
	if !projectNamePattern.MatchString(project) {
		return refuse("%q is not a project name: 3 to 42 lowercase letters, digits and dashes, starting with a letter (it names images and deployment folders)", project)
	}
	oldModule, err := modulePath(t.ws)
	if err != nil {
		return err
	}
	oldProject, err := findIn(t.ws, "deploy/images.bzl", repositoryPrefix, "no REPOSITORY_PREFIX line: cannot tell the project's current name")
	if err != nil {
		return err
	}
	oldBazel, err := findIn(t.ws, "MODULE.bazel", bazelModuleName, "no module(name = ...)")
	if err != nil {
		return err
	}
	newBazel := strings.ReplaceAll(project, "-", "_")
	if oldModule == module && oldProject == project {
		return refuse("this copy is already %s (%s)", project, module)
	}

	replacer := strings.NewReplacer(
		oldModule, module,
		".cache/"+oldProject, ".cache/"+oldProject, // the Bazel root's cache folder keeps its name
		oldProject, project,
		`name = "`+oldBazel+`"`, `name = "`+newBazel+`"`,
	)
	changed := map[string]string{} // path -> new content
	moved := map[string]string{}   // old path -> new path
	err = filepath.WalkDir(t.ws, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(t.ws, p)
		rel = filepath.ToSlash(rel)
		if slices.Contains(renameSkipped, rel) || strings.HasPrefix(d.Name(), "bazel-") && d.Type()&fs.ModeSymlink != 0 {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(rel, ".pb.go") {
			return nil // generated Go is regenerated below
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.IndexByte(b, 0) >= 0 {
			return nil // binary
		}
		if out := replacer.Replace(string(b)); out != string(b) {
			changed[rel] = out
		}
		if strings.Contains(d.Name(), oldProject) {
			moved[rel] = filepath.ToSlash(filepath.Join(filepath.Dir(rel), strings.ReplaceAll(d.Name(), oldProject, project)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := t.writeFiles(changed); err != nil {
		return err
	}
	for from, to := range moved {
		if err := os.Rename(filepath.Join(t.ws, from), filepath.Join(t.ws, to)); err != nil {
			return err
		}
	}
	pkgs, err := t.protoPackages()
	if err != nil {
		return err
	}
	fmt.Fprintf(t.out, "Regenerating the Go code of %d proto packages ...\n", len(pkgs))
	if err := t.generateProtos(t.ws, pkgs); err != nil {
		return err
	}
	fmt.Fprintf(t.out, "This copy is now %s: module %s, Bazel module %s, images %s/<service>.\n", project, module, newBazel, project)
	fmt.Fprintf(t.out, "%d files changed, %d renamed, %d proto packages regenerated. Next: go build ./... and bazel test //...\n", len(changed), len(moved), len(pkgs))
	return nil
}

// findIn is the first group of re's first match in the workspace file rel; lacks says what the
// file lacks when nothing matches.
func findIn(ws, rel string, re *regexp.Regexp, lacks string) (string, error) {
	data, err := os.ReadFile(filepath.Join(ws, rel))
	if err != nil {
		return "", err
	}
	m := re.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%s has %s", rel, lacks)
	}
	return string(m[1]), nil
}
