package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// findWorkspace is dir, else the folder `bazel run` was started in, else the nearest folder
// above the current one holding MODULE.bazel and go.mod.
func findWorkspace(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv("BUILD_WORKSPACE_DIRECTORY")
	}
	if dir != "" {
		if !isWorkspace(dir) {
			return "", refuse("%s is not this repository's root (no MODULE.bazel and go.mod)", dir)
		}
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isWorkspace(d) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", refuse("no repository root (MODULE.bazel and go.mod) above %s; run from inside the repository or pass -workspace", wd)
		}
	}
}

func isWorkspace(dir string) bool {
	return fileExists(filepath.Join(dir, "MODULE.bazel")) && fileExists(filepath.Join(dir, "go.mod"))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

var moduleLine = regexp.MustCompile(`(?m)^module\s+(\S+)\s*$`)

// modulePath is go.mod's module path.
func modulePath(ws string) (string, error) {
	b, err := os.ReadFile(filepath.Join(ws, "go.mod"))
	if err != nil {
		return "", err
	}
	m := moduleLine.FindSubmatch(b)
	if m == nil {
		return "", errors.New("go.mod has no module line")
	}
	return string(m[1]), nil
}

var serviceName = regexp.MustCompile(`^[a-z][a-z0-9]{1,29}$`)

// reserved are names a service cannot take: keywords of the languages its name becomes part of
// (a Go import alias, a proto package, a Python package), and the names of the repository's
// own layers and folders, which would make paths and imports ambiguous.
var reserved = strings.Fields(`
	break case chan const continue default defer else fallthrough for func go goto if import
	interface map package range return select struct switch type var
	bool byte error string rune int uint any true false nil iota len cap new make append
	syntax option message enum service rpc returns stream repeated optional reserved oneof
	extend extensions to max weak public required group
	and as assert async await class def del elif except finally from global in is lambda
	nonlocal not or pass raise try while with yield none
	app adapters cmd command domain ports query libs proto services tools deploy py local
	system internal testing test main conf google api grpc http metrics healthz scaffold
	bazel gazelle kratos`)

// checkNewName refuses a name that is not a fresh lowercase identifier.
func checkNewName(ws, name string) error {
	if !serviceName.MatchString(name) {
		return refuse("%q is not a service name: a lowercase identifier of 2 to 30 letters and digits, starting with a letter (e.g. billing)", name)
	}
	if slices.Contains(reserved, name) {
		return refuse("%q is a reserved word (a keyword or one of the repository's folder names); pick another name", name)
	}
	for _, p := range []string{"services/" + name, "proto/" + name} {
		if fileExists(filepath.Join(ws, p)) {
			return refuse("%q is already present (%s exists); `scaffold remove %s` takes it out first", name, p, name)
		}
	}
	return nil
}

// portPattern finds the port numbers the local system and the deployment already use.
var portPattern = regexp.MustCompile(`\b([89]\d{3})\b`)

// choosePorts picks the first pair 80NN/90NN (NN from 01) that neither the local system
// (tools/local/run.go) nor the deployment (deploy/ansible/group_vars/all.yml) uses, so the new
// service listens next to the others on one machine and on one backend host.
func choosePorts(files ...string) (http, grpc int) {
	taken := map[int]bool{8000: true, 9000: true} // the image's own ports
	for _, content := range files {
		for _, m := range portPattern.FindAllStringSubmatch(content, -1) {
			n, _ := strconv.Atoi(m[1])
			taken[n] = true
		}
	}
	for n := 1; n < 1000; n++ {
		if !taken[8000+n] && !taken[9000+n] {
			return 8000 + n, 9000 + n
		}
	}
	panic(fmt.Sprint("no free port pair among ", len(taken), " taken ports"))
}
