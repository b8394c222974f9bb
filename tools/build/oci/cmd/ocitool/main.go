// Command ocitool is what the rules in //tools/build/oci:defs.bzl run: it builds reproducible OCI
// images from static binaries, writes them as OCI layouts and `docker load` tarballs, and
// pushes them, all on go-containerregistry, with no base image and no Docker engine.
package main

import (
	"fmt"
	"os"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

var commands = map[string]func(args []string) error{
	"build":   runBuild,
	"tarball": runTarball,
	"push":    runPush,
	"cacerts": runCACerts,
	"expand":  runExpand,
	"check":   runCheck,
}

const usage = `usage: ocitool <command> [flags]
  build    image from a static binary -> OCI layout directory
  tarball  OCI layout -> docker load tarball
  push     OCI layouts -> registry (prints <repository>@<digest> per image)
  cacerts  write the pinned CA roots bundle (PEM)
  check    fail unless an OCI layout is a sound service image (size, user, entrypoint, ports)
  expand   fill {KEY} placeholders from workspace status files, one value per line`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "ocitool: unknown command %q\n%s\n", os.Args[1], usage)
		os.Exit(2)
	}
	if err := cmd(os.Args[2:]); err != nil {
		// The reason slug is the stable part scripts may match on; the message is for people.
		fmt.Fprintf(os.Stderr, "ocitool %s: %v (reason: %s)\n", os.Args[1], err, errs.ReasonOf(err))
		os.Exit(1)
	}
}
