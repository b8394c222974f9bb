package main

import (
	"flag"
	"os"
	"strings"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/stamp"
)

// runExpand writes one expanded value per line: how oci_push turns remote_tags such as
// {STABLE_GIT_COMMIT} into a tags file at build time.
func runExpand(args []string) error {
	fs := flag.NewFlagSet("expand", flag.ContinueOnError)
	var in, stampFiles repeated
	out := fs.String("out", "", "file to write")
	fs.Var(&in, "value", "value, may hold {STAMP_KEY} (repeat)")
	fs.Var(&stampFiles, "stamp-file", "Bazel workspace status file (repeat)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	values, err := stamp.ReadFiles(stampFiles...)
	if err != nil {
		return err
	}
	lines, err := expandAll(values, in)
	if err != nil {
		return err
	}
	text := strings.Join(lines, "\n")
	if text != "" {
		text += "\n"
	}
	return os.WriteFile(*out, []byte(text), 0o644)
}
