package main

import (
	"flag"
	"fmt"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
)

// runCheck is what oci_image_test runs: it fails when the image breaks a service rule, and can
// run the image from its own file system (smoke).
func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var ports, runArgs, serveEnv repeated
	layout := fs.String("layout", "", "OCI layout directory")
	maxBytes := fs.Int64("max-bytes", 0, "limit for config plus compressed layers (0: none)")
	maxUnpacked := fs.Int64("max-uncompressed-bytes", 0, "limit for the unpacked layers (0: none)")
	fs.Var(&ports, "port", "port that must be exposed (repeat)")
	fs.Var(&runArgs, "run-arg", "run the entrypoint from the image with these args, e.g. -version; must exit 0 (repeat)")
	fs.Var(&serveEnv, "serve-env", "KEY=value for the serve run; {port1}..{port9} become free loopback ports (repeat)")
	healthURL := fs.String("serve-health-url", "", "start the entrypoint and wait for 200 here, e.g. http://127.0.0.1:{port1}/healthz")
	runOutputLabel := fs.String("run-output-label", "", "the run-arg run's output must hold this config label's value as a word, e.g. org.opencontainers.image.version")
	logService := fs.String("serve-log-service", "", "the serve run's stderr must be libs/log lines at info naming this service")
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
	if err := smoke(img, runArgs, serveEnv, *healthURL, *logService, *runOutputLabel); err != nil {
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
