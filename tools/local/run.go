package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
	"github.com/kratos-monorepo/monorepo/tools/local/system"
)

// The fixed ports of the local system, so the README's commands work as written.
var ports = map[string][2]int{
	"trainer":  {8001, 9001},
	"user":     {8002, 9002},
	"training": {8003, 9003},
}

func run(ctx context.Context, dataDir, host string, ports map[string][2]int, out io.Writer) error {
	// Kratos' own lines that are not about one service (there are none while all is well) go
	// to a logger in the services' format, named for this process.
	processLog, err := log.New(log.Options{Service: "local", Env: log.EnvDevelopment})
	if err != nil {
		return err
	}
	log.SetKratosGlobal(processLog)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	sys, err := system.Start(ctx, system.Options{DataDir: dataDir, Host: host, Ports: ports, Version: "local"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe example system runs (data in %s); Ctrl-C stops it.\n\n", dataDir)
	for _, s := range sys.Services {
		fmt.Fprintf(out, "  %-9s http://%s   grpc %s\n", s.Name, s.HTTP, s.GRPC)
	}
	printAccounts(out)
	return sys.Run(ctx)
}

// printAccounts names the demo accounts; the README's walkthrough logs in with them.
func printAccounts(out io.Writer) {
	fmt.Fprintf(out, "\nDemo accounts (password %s; log in as the README shows, or `bazel run //tools/devjwt` for tokens):\n", demo.Password)
	fmt.Fprintf(out, "  trainer    %s\n", demo.TrainerEmail)
	fmt.Fprintf(out, "  attendee   %s   (%d credits on a first run)\n\n", demo.AttendeeEmail, demo.AttendeeBalance)
}
