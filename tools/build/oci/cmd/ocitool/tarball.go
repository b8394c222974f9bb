package main

import (
	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
)

func runTarball(args []string) error {
	fs := newStampedFlags("tarball")
	layout := fs.String("layout", "", "OCI layout directory")
	out := fs.String("out", "", "tarball to write")
	repoTags := fs.expandedList("repo-tag", "repository:tag, may hold {STAMP_KEY} (repeat)")
	if err := fs.parse(args); err != nil {
		return err
	}
	img, err := image.ReadLayout(*layout)
	if err != nil {
		return err
	}
	return image.WriteTarball(*out, img, *repoTags)
}
