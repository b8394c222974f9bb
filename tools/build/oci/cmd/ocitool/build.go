package main

import (
	"os"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
)

func runBuild(args []string) error {
	fs := newStampedFlags("build")
	var entrypoint, cmd, env, labels, ports repeated
	binary := fs.String("binary", "", "static executable")
	binaryName := fs.String("binary-name", "", "file name under /app")
	caCerts := fs.String("cacerts", "", "PEM CA roots bundle")
	user := fs.String("user", "", "uid or uid:gid (default 65532)")
	workdir := fs.String("workdir", "", "working directory")
	osName := fs.String("os", "linux", "image OS")
	arch := fs.String("arch", "amd64", "image architecture")
	out := fs.String("out", "", "OCI layout directory to write")
	digestOut := fs.String("digest-out", "", "file to write the manifest digest to")
	fs.Var(&entrypoint, "entrypoint", "entrypoint element (repeat)")
	fs.Var(&cmd, "cmd", "cmd element (repeat)")
	fs.Var(&env, "env", "KEY=value (repeat)")
	fs.Var(&labels, "label", "KEY=value, value may hold {STAMP_KEY} (repeat)")
	fs.Var(&ports, "port", "exposed port such as 8000/tcp (repeat)")
	if err := fs.parse(args); err != nil {
		return err
	}
	labelMap, err := keyValues(fs.values, labels)
	if err != nil {
		return err
	}
	bin, err := os.ReadFile(*binary)
	if err != nil {
		return err
	}
	certs, err := os.ReadFile(*caCerts)
	if err != nil {
		return err
	}
	img, err := image.Build(image.Spec{
		Binary: bin, BinaryName: *binaryName, CACerts: certs,
		Entrypoint: entrypoint, Cmd: cmd, Env: env, Labels: labelMap,
		User: *user, WorkingDir: *workdir, ExposedPorts: ports,
		OS: *osName, Architecture: *arch,
	})
	if err != nil {
		return err
	}
	if err := image.WriteLayout(*out, img); err != nil {
		return err
	}
	if *digestOut == "" {
		return nil
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	return os.WriteFile(*digestOut, []byte(digest.String()+"\n"), 0o644)
}
