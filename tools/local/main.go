// Command local runs the example system on one machine: the user, trainer and training services
// in one process, each on its own ports, on their embedded defaults (SQLite files, static
// discovery, the development JWT secret). It creates the demo users and prints where everything
// listens and a token for each demo user.
//
//	bazel run //tools/local                 # data in <workspace>/.local-data
//	bazel run //tools/local -- -data /tmp/x
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
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *data, *host, os.Stdout); err != nil {
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
