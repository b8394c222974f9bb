package main

import (
	"flag"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/stamp"
)

func runTarball(args []string) error {
	fs := flag.NewFlagSet("tarball", flag.ContinueOnError)
	var repoTags, stampFiles repeated
	layout := fs.String("layout", "", "OCI layout directory")
	out := fs.String("out", "", "tarball to write")
	fs.Var(&repoTags, "repo-tag", "repository:tag, may hold {STAMP_KEY} (repeat)")
	fs.Var(&stampFiles, "stamp-file", "Bazel workspace status file (repeat)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	values, err := stamp.ReadFiles(stampFiles...)
	if err != nil {
		return err
	}
	tags, err := expandAll(values, repoTags)
	if err != nil {
		return err
	}
	img, err := image.ReadLayout(*layout)
	if err != nil {
		return err
	}
	return image.WriteTarball(*out, img, tags)
}
