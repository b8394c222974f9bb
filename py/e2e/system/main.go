// Command system starts the example system (tools/local/system: user, trainer and training in
// one process, demo users included) on free loopback ports in a temporary folder, for tests
// written in other languages. Once every service listens it writes their addresses as JSON to
// the -ready file:
//
//	{"trainer": {"http": "127.0.0.1:41234", "grpc": "127.0.0.1:41235"}, "user": {...}, "training": {...}}
//
// It serves until its standard input closes (the test that started it ended, however it ended)
// or it gets SIGINT/SIGTERM, then stops the services and removes the folder.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/kratos-monorepo/monorepo/tools/local/system"
)

func main() {
	ready := flag.String("ready", "", "file to write the services' addresses to (JSON) once they listen")
	flag.Parse()
	if *ready == "" {
		fmt.Fprintln(os.Stderr, "system: -ready is required")
		os.Exit(2)
	}
	if err := run(*ready); err != nil {
		fmt.Fprintln(os.Stderr, "system:", err)
		os.Exit(1)
	}
}

func run(ready string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	data, err := os.MkdirTemp("", "e2e-system-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(data)
	// No fixed ports: every service gets free ones, so parallel tests never collide.
	sys, err := system.Start(ctx, system.Options{DataDir: data, Host: "127.0.0.1", Version: "e2e"})
	if err != nil {
		return err
	}
	if err := writeAddresses(ready, sys.Services); err != nil {
		return err
	}
	return sys.Run(ctx)
}

// writeAddresses writes through a temporary file and a rename, so a reader polling for the file
// never sees half of it.
func writeAddresses(path string, services []system.Service) error {
	addresses := map[string]map[string]string{}
	for _, s := range services {
		addresses[s.Name] = map[string]string{"http": s.HTTP, "grpc": s.GRPC}
	}
	body, err := json.Marshal(addresses)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ready-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
