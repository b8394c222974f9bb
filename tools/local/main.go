// Command local runs the example system on one machine: the user, trainer and training services
// in one process, each on its own ports, on their embedded defaults (SQLite files, static
// discovery, the development keys; trainer and training fetch the user service's keys from its
// JWKS document). It creates the demo accounts and prints where everything listens and how to
// log in.
//
//	bazel run //tools/local                 # data in <workspace>/.local-data
//	bazel run //tools/local -- -data /tmp/x
//	bazel run //tools/local -- -free-ports  # not 8001-8003/9001-9003 (tests, or when taken)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	data := flag.String("data", defaultDataDir(), "folder for the services' SQLite files")
	host := flag.String("host", "127.0.0.1", "address the services listen on")
	freePorts := flag.Bool("free-ports", false, "listen on free ports instead of the fixed ones the README uses")
	flag.Parse()
	p := ports
	if *freePorts {
		p = nil // a missing port is a free one (system.Options)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *data, *host, p, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "local:", err)
		os.Exit(1)
	}
}

// defaultDataDir keeps data in the workspace under `bazel run` (whose working folder is the
// runfiles tree, which Bazel may wipe) and next to the caller otherwise.
func defaultDataDir() string {
	if ws := os.Getenv("BUILD_WORKSPACE_DIRECTORY"); ws != "" {
		return filepath.Join(ws, ".local-data")
	}
	return ".local-data"
}
