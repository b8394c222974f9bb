// Command gensync keeps committed generated code equal to what Bazel generates.
//
//	gensync -generated DIR -source DIR -pattern '*.pb.go' -pattern openapi.yaml          # update
//	gensync -generated DIR -source DIR -pattern '*.pb.go' -pattern openapi.yaml -check   # test
//
// Update copies every generated file into the source folder and deletes committed files that
// match a pattern but are no longer generated. Check reports the same differences and fails.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	var patterns []string
	generated := flag.String("generated", "", "folder Bazel generated")
	source := flag.String("source", "", "folder with the committed copies")
	check := flag.Bool("check", false, "only compare; exit 1 on a difference")
	update := flag.String("update_command", "", "command that fixes a difference, for the message")
	flag.Func("pattern", "file name pattern of generated files (repeatable)", appendTo(&patterns))
	flag.Parse()

	diffs, err := compare(*generated, *source, patterns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensync:", err)
		os.Exit(2)
	}
	if *check {
		for _, d := range diffs {
			fmt.Fprintln(os.Stderr, d)
		}
		if len(diffs) > 0 {
			fmt.Fprintf(os.Stderr, "committed generated files are stale; run: %s\n", *update)
			os.Exit(1)
		}
		return
	}
	if err := apply(diffs); err != nil {
		fmt.Fprintln(os.Stderr, "gensync:", err)
		os.Exit(2)
	}
	fmt.Printf("gensync: %d file(s) updated in %s\n", len(diffs), *source)
}

// appendTo is a repeatable flag's setter: each use adds its value to *list.
func appendTo(list *[]string) func(string) error {
	return func(v string) error { *list = append(*list, v); return nil }
}
