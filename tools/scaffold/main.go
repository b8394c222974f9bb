// Command scaffold adds a service to this monorepo in every layer, takes one out again, and turns
// a fresh copy of the repository into a project of one's own:
//
//	bazel run //tools/scaffold -- new <name>      # or: go run ./tools/scaffold new <name>
//	bazel run //tools/scaffold -- remove <name>
//	bazel run //tools/scaffold -- rename <module-path> <project-name>
//
// It works on the workspace `bazel run` was started in (BUILD_WORKSPACE_DIRECTORY), else on the
// one holding the current folder. The service's files come from templates/ (Go text/template);
// the wiring (images, Ansible, Prometheus, tools/local) is edited in place. Everything is
// checked before anything is written, and a refusal is one line on stderr with exit status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// errUsage is a refusal: the request is wrong, nothing was changed.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func refuse(format string, args ...any) error { return errUsage{fmt.Sprintf(format, args...)} }

const usage = `usage:
  scaffold new <name>                          add a service in every layer
  scaffold remove <name>                       take a service out again
  scaffold rename <module-path> <project-name> make this copy your own project
flags (before the verb):
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scaffold", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	workspace := fs.String("workspace", "", "the repository to change (default: $BUILD_WORKSPACE_DIRECTORY, else the one holding the current folder)")
	noBazel := fs.Bool("no-bazel", false, "skip `bazel run //:gazelle` (BUILD files); the Go code, protos included, is still complete")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -help: the usage was asked for, not a mistake
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	ws, err := findWorkspace(*workspace)
	if err == nil {
		t := &tool{ws: ws, out: stdout, bazel: !*noBazel}
		err = t.dispatch(fs.Arg(0), fs.Args()[1:])
	}
	var u errUsage
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "scaffold:", u.msg)
		return 2
	default:
		fmt.Fprintln(stderr, "scaffold:", err)
		return 1
	}
}

// tool is one run against one workspace.
type tool struct {
	ws    string    // the repository's root folder
	out   io.Writer // progress and the summary
	bazel bool      // run gazelle through Bazel after writing
}

func (t *tool) dispatch(verb string, args []string) error {
	switch verb {
	case "new", "remove":
		if len(args) != 1 {
			return refuse("%s takes one service name, e.g. `scaffold %s billing`", verb, verb)
		}
		if verb == "new" {
			return t.newService(args[0])
		}
		return t.removeService(args[0])
	case "rename":
		if len(args) != 2 {
			return refuse("rename takes a Go module path and a project name, e.g. `scaffold rename github.com/acme/shop acme-shop`")
		}
		return t.rename(args[0], args[1])
	}
	return refuse("unknown verb %q: use new, remove or rename", verb)
}
