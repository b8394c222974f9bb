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
	fs.Var(&ports, "port", "port that must be exposed (repeat)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	img, err := image.ReadLayout(*layout)
	if err != nil {
		return err
	}
	if err := image.Check(img, image.Expect{MaxBytes: *maxBytes, Ports: ports}); err != nil {
		return err
	}
	size, err := image.Size(img)
	if err != nil {
		return err
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes (limit %d), checks passed\n", digest, size, *maxBytes)
	return nil
}
