package main

import (
	"flag"
	"os"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/cacerts"
)

func runCACerts(args []string) error {
	fs := flag.NewFlagSet("cacerts", flag.ContinueOnError)
	out := fs.String("out", "", "PEM file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return os.WriteFile(*out, cacerts.PEM(), 0o644)
}
