package main

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"
)

// The files a new service gets. Each folder maps to where its files land; NAME in a path
// becomes the service's name, and .tmpl is dropped.
//
//go:embed templates
var templates embed.FS

var templateRoots = map[string]string{
	"templates/service": "services/NAME",
	"templates/proto":   "proto",
	"templates/local":   "tools/local/system",
}

// The paths a service owns outright: new creates them, remove deletes them.
func ownedPaths(name string) []string {
	return []string{"services/" + name, "proto/" + name, "tools/local/system/service_" + name + ".go"}
}

func (t *tool) newService(name string) error {
	start := time.Now()
	if err := checkNewName(t.ws, name); err != nil {
		return err
	}
	module, err := modulePath(t.ws)
	if err != nil {
		return err
	}
	current, err := t.readWirings()
	if err != nil {
		return err
	}
	if imageNames(current["deploy/images.bzl"])[name] {
		return refuse("%q is already present (deploy/images.bzl lists it); `scaffold remove %s` takes it out first", name, name)
	}
	if !fileExists(filepath.Join(t.ws, "tools/local/system/scaffolded.go")) {
		return fmt.Errorf("tools/local/system/scaffolded.go is missing: the local system has no place for new services")
	}
	httpPort, grpcPort := choosePorts(current["tools/local/run.go"], current["deploy/ansible/group_vars/all.yml"])
	s := svc{Name: name, Title: title(name), Module: module, HTTPPort: httpPort, GRPCPort: grpcPort}
	edited := map[string]string{}
	for _, w := range wirings {
		if edited[w.path], err = w.add(current[w.path], s); err != nil {
			return fmt.Errorf("%s does not have the shape tools/scaffold edits (%v); nothing was changed", w.path, err)
		}
	}

	// Everything is rendered and generated in a folder of the workspace first (the same file
	// system, so moving it in is a rename), and moved in only when all of it worked.
	stage, err := os.MkdirTemp(t.ws, ".scaffold-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	files, err := render(stage, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(t.out, "Generating the Go code of proto/%s/v1 ...\n", name)
	if err := t.generateProtos(stage, []protoPackage{{dir: "proto/" + name + "/v1", importRoot: "proto", srcs: []string{name + ".proto"}}}); err != nil {
		return err
	}
	for _, p := range ownedPaths(name) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(t.ws, p)), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, p), filepath.Join(t.ws, p)); err != nil {
			return err
		}
	}
	if err := t.writeFiles(edited); err != nil {
		return err
	}
	os.RemoveAll(stage)
	if err := t.gazelle(); err != nil {
		return fmt.Errorf("the files are written, but gazelle failed (%w); fix it and run `bazel run //:gazelle`, or `scaffold remove %s`", err, name)
	}
	fmt.Fprintf(t.out, "\nAdded the %s service in %.0f s: %d files in services/%s, proto/%s and tools/local/system, plus\n", name, time.Since(start).Seconds(), len(files), name, name)
	for _, w := range wirings {
		fmt.Fprintf(t.out, "  %s\n", w.path)
	}
	fmt.Fprintf(t.out, "It listens on %d (HTTP) and %d (gRPC) locally and on a backend host. Next:\n", httpPort, grpcPort)
	fmt.Fprintf(t.out, "  bazel test //services/%s/...\n  bazel run //tools/local\n  curl -X POST localhost:%d/%s/items -H 'Content-Type: application/json' -H \"Authorization: Bearer $ATTENDEE_TOKEN\" -d '{\"title\": \"first\"}'\n", name, httpPort, name)
	if !t.bazel {
		fmt.Fprintln(t.out, "BUILD files were not generated (-no-bazel): run `bazel run //:gazelle`.")
	}
	return nil
}

// render writes every template for s under dir, at the path it gets in the workspace, and lists
// those paths. Go files are gofmt'ed, so alignment follows the name's length.
func render(dir string, s svc) ([]string, error) {
	var written []string
	for root, target := range templateRoots {
		err := fs.WalkDir(templates, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimSuffix(strings.TrimPrefix(p, root+"/"), ".tmpl")
			dest := strings.ReplaceAll(path.Join(target, rel), "NAME", s.Name)
			raw, err := templates.ReadFile(p)
			if err != nil {
				return err
			}
			tmpl, err := template.New(p).Option("missingkey=error").Parse(string(raw))
			if err != nil {
				return err
			}
			var out bytes.Buffer
			if err := tmpl.Execute(&out, s); err != nil {
				return err
			}
			content := out.Bytes()
			if strings.HasSuffix(dest, ".go") {
				if content, err = format.Source(content); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
			}
			full := filepath.Join(dir, filepath.FromSlash(dest))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			written = append(written, dest)
			return os.WriteFile(full, content, 0o644)
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(written)
	return written, nil
}

func (t *tool) readWirings() (map[string]string, error) {
	current := map[string]string{}
	for _, w := range wirings {
		b, err := os.ReadFile(filepath.Join(t.ws, w.path))
		if err != nil {
			return nil, fmt.Errorf("%w (tools/scaffold edits this file)", err)
		}
		current[w.path] = string(b)
	}
	return current, nil
}

// writeFiles replaces each file by its new content: written beside it, then renamed over it.
func (t *tool) writeFiles(contents map[string]string) error {
	for _, p := range slices.Sorted(mapsKeys(contents)) {
		full := filepath.Join(t.ws, p)
		tmp := full + ".scaffold-tmp"
		if err := os.WriteFile(tmp, []byte(contents[p]), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, full); err != nil {
			return err
		}
	}
	return nil
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// imageNames are the services deploy/images.bzl builds images of.
func imageNames(images string) map[string]bool {
	names := map[string]bool{}
	for _, m := range imageKey.FindAllStringSubmatch(images, -1) {
		names[m[1]] = true
	}
	return names
}
