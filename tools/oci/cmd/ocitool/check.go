package main

import (
	"flag"
	"fmt"

	"github.com/kratos-monorepo/monorepo/tools/oci/image"
)

// runCheck is what oci_image_test runs: it fails when the image breaks a service rule.
func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var ports repeated
	layout := fs.String("layout", "", "OCI layout directory")
	maxBytes := fs.Int64("max-bytes", 0, "limit for config plus compressed layers (0: none)")
	maxUnpacked := fs.Int64("max-uncompressed-bytes", 0, "limit for the unpacked layers (0: none)")
	fs.Var(&ports, "port", "port that must be exposed (repeat)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	img, err := image.ReadLayout(*layout)
	if err != nil {
		return err
	}
	if err := image.Check(img, image.Expect{MaxBytes: *maxBytes, MaxUncompressedBytes: *maxUnpacked, Ports: ports}); err != nil {
		return err
	}
	size, err := image.Size(img)
	if err != nil {
		return err
	}
	unpacked, err := image.UncompressedSize(img)
	if err != nil {
		return err
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes compressed (limit %d), %d unpacked (limit %d), checks passed\n",
		digest, size, *maxBytes, unpacked, *maxUnpacked)
	return nil
}
