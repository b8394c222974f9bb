package main

import (
	"os"
	"strings"
)

// runExpand writes one expanded value per line: how oci_push turns remote_tags such as
// {STABLE_GIT_COMMIT} into a tags file at build time.
func runExpand(args []string) error {
	fs := newStampedFlags("expand")
	out := fs.String("out", "", "file to write")
	values := fs.expandedList("value", "value, may hold {STAMP_KEY} (repeat)")
	if err := fs.parse(args); err != nil {
		return err
	}
	text := strings.Join(*values, "\n")
	if text != "" {
		text += "\n"
	}
	return os.WriteFile(*out, []byte(text), 0o644)
}
