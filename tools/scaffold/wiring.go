package main

import (
	"fmt"
	"go/format"
	"regexp"
	"slices"
	"strings"
)

// A wiring is one file outside the service that names every service: add puts the new one in,
// remove takes it out. Both work on the file's content and fail, changing nothing, when the
// file no longer has the shape they expect.
type wiring struct {
	path   string
	add    func(content string, s svc) (string, error)
	remove func(content string, name string) (string, error)
}

// svc is what the templates and the wiring know about a new service.
type svc struct {
	Name     string // billing
	Title    string // Billing: Go and proto type names
	Module   string // the Go module path
	HTTPPort int    // on the local system and on a backend host
	GRPCPort int
}

var wirings = []wiring{
	{ // the images and //deploy:push
		path: "deploy/images.bzl",
		add: func(c string, s svc) (string, error) {
			return editBlock(c, "SERVICES = {\n", "}", func(lines []string) ([]string, error) {
				lines = append(lines, fmt.Sprintf("    %q: \"//services/%s/cmd/%s\",", s.Name, s.Name, s.Name))
				slices.Sort(lines)
				return lines, nil
			})
		},
		remove: func(c, name string) (string, error) {
			return editBlock(c, "SERVICES = {\n", "}", dropLine(fmt.Sprintf("    %q:", name)))
		},
	},
	{ // the Ansible backend group's services, and with them the Prometheus targets it renders
		path: "deploy/ansible/group_vars/all.yml",
		add: func(c string, s svc) (string, error) {
			return editBlock(c, "backend_services:\n", "", func(lines []string) ([]string, error) {
				return append(lines, fmt.Sprintf("  %s: {http_port: %d, grpc_port: %d}", s.Name, s.HTTPPort, s.GRPCPort)), nil
			})
		},
		remove: func(c, name string) (string, error) {
			return editBlock(c, "backend_services:\n", "", dropLine("  "+name+":"))
		},
	},
	{ // the example of the Prometheus targets a deployment writes
		path: "deploy/prometheus/targets/services/example.json.example",
		add: func(c string, s svc) (string, error) {
			return editJSONList(c, func(lines []string) ([]string, error) {
				return append(lines, fmt.Sprintf(`  {"targets": ["10.0.0.21:%d"], "labels": {"service": %q}}`, s.HTTPPort, s.Name)), nil
			})
		},
		remove: func(c, name string) (string, error) {
			return editJSONList(c, dropContaining(fmt.Sprintf(`"service": %q`, name)))
		},
	},
	{ // the local system's fixed ports (bazel run //tools/local)
		path: "tools/local/run.go",
		add: func(c string, s svc) (string, error) {
			out, err := editBlock(c, "var ports = map[string][2]int{\n", "}", func(lines []string) ([]string, error) {
				return append(lines, fmt.Sprintf("\t%q: {%d, %d},", s.Name, s.HTTPPort, s.GRPCPort)), nil
			})
			if err != nil {
				return "", err
			}
			return gofmt(out)
		},
		remove: func(c, name string) (string, error) {
			out, err := editBlock(c, "var ports = map[string][2]int{\n", "}", dropLine(fmt.Sprintf("\t%q:", name)))
			if err != nil {
				return "", err
			}
			return gofmt(out)
		},
	},
}

// editBlock hands edit the lines after the line start up to the first line that is end (or, when
// end is "", up to the first line that is not indented), and puts back what edit returns.
func editBlock(content, start, end string, edit func([]string) ([]string, error)) (string, error) {
	i := strings.Index(content, start)
	if i < 0 {
		return "", fmt.Errorf("no %q", strings.TrimSpace(start))
	}
	head, rest := content[:i+len(start)], content[i+len(start):]
	lines := strings.SplitAfter(rest, "\n")
	n := 0
	for ; n < len(lines); n++ {
		l := strings.TrimRight(lines[n], "\n")
		if (end != "" && l == end) || (end == "" && !strings.HasPrefix(l, " ")) {
			break
		}
	}
	if n == len(lines) {
		return "", fmt.Errorf("no end of the block after %q", strings.TrimSpace(start))
	}
	block := make([]string, n)
	for j := range n {
		block[j] = strings.TrimRight(lines[j], "\n")
	}
	block, err := edit(block)
	if err != nil {
		return "", fmt.Errorf("%s: %w", strings.TrimSpace(start), err)
	}
	var b strings.Builder
	b.WriteString(head)
	for _, l := range block {
		b.WriteString(l + "\n")
	}
	b.WriteString(strings.Join(lines[n:], ""))
	return b.String(), nil
}

// dropLine removes the one line starting with prefix.
func dropLine(prefix string) func([]string) ([]string, error) {
	return dropWhere(prefix, func(l string) bool { return strings.HasPrefix(l, prefix) })
}

// dropContaining removes the one line containing s.
func dropContaining(s string) func([]string) ([]string, error) {
	return dropWhere(s, func(l string) bool { return strings.Contains(l, s) })
}

func dropWhere(what string, match func(string) bool) func([]string) ([]string, error) {
	return func(lines []string) ([]string, error) {
		i := slices.IndexFunc(lines, match)
		if i < 0 {
			return nil, fmt.Errorf("no line %s", strings.TrimSpace(what))
		}
		return slices.Delete(lines, i, i+1), nil
	}
}

// editJSONList edits a JSON array written one element per line, keeping the commas right.
func editJSONList(content string, edit func([]string) ([]string, error)) (string, error) {
	return editBlock(content, "[\n", "]", func(lines []string) ([]string, error) {
		for i := range lines {
			lines[i] = strings.TrimSuffix(lines[i], ",")
		}
		lines, err := edit(lines)
		if err != nil {
			return nil, err
		}
		for i := range lines[:max(len(lines)-1, 0)] {
			lines[i] += ","
		}
		return lines, nil
	})
}

func gofmt(src string) (string, error) {
	out, err := format.Source([]byte(src))
	if err != nil {
		return "", fmt.Errorf("gofmt: %w", err)
	}
	return string(out), nil
}

// title is name with its first letter in upper case: billing is Billing.
func title(name string) string { return strings.ToUpper(name[:1]) + name[1:] }

// namesIn lists the quoted keys of the images' SERVICES block: the services the repository has.
var imageKey = regexp.MustCompile(`(?m)^    "([a-z0-9]+)":`)
