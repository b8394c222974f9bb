// Command protogen compiles .proto files with a pure-Go compiler (bufbuild/protocompile) and runs
// protoc plugins on the result, so neither Bazel nor a developer needs a protoc binary.
//
//	protogen -I proto -out DIR -descriptor_set_out FILE \
//	  -plugin 'path/to/protoc-gen-go=paths=source_relative' user/v1/user.proto
//
// Each plugin runs once per proto directory (a proto package), with that directory's files to
// generate; an output file named without a directory (protoc-gen-openapi's openapi.yaml) lands in
// that directory.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	var imports, plugins []string
	flag.Func("I", "import path (repeatable)", appendTo(&imports))
	flag.Func("plugin", "plugin as PATH=PARAMETER (repeatable)", appendTo(&plugins))
	out := flag.String("out", "", "directory the plugins' files are written to")
	descriptorSet := flag.String("descriptor_set_out", "", "write a FileDescriptorSet with all imports here")
	flag.Parse()

	if err := run(context.Background(), imports, plugins, *out, *descriptorSet, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "protogen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, imports, plugins []string, out, descriptorSet string, files []string) error {
	if len(files) == 0 {
		return errNoFiles
	}
	compiled, err := compile(ctx, imports, files)
	if err != nil {
		return err
	}
	if descriptorSet != "" {
		if err := writeDescriptorSet(descriptorSet, compiled); err != nil {
			return err
		}
	}
	for _, spec := range plugins {
		path, param, _ := strings.Cut(spec, "=")
		if err := runPlugin(ctx, path, param, compiled, files, out); err != nil {
			return err
		}
	}
	return nil
}

// appendTo is a repeatable flag's setter: each use adds its value to *list.
func appendTo(list *[]string) func(string) error {
	return func(v string) error { *list = append(*list, v); return nil }
}
