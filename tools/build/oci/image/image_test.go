package image_test

import (
	"archive/tar"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/cacerts"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/internal/ocitest"
)

func helloSpec(t *testing.T) image.Spec {
	return image.Spec{
		Binary:       ocitest.ExampleBinary(t),
		BinaryName:   "hello",
		CACerts:      cacerts.PEM(),
		Labels:       map[string]string{"org.opencontainers.image.revision": "0123abc"},
		ExposedPorts: []string{"8000/tcp", "9000/tcp"},
	}
}

func digest(t *testing.T, img v1.Image) v1.Hash {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBuildIsReproducibleAndFollowsServiceConventions(t *testing.T) {
	t.Parallel()
	spec := helloSpec(t)
	first, err := image.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	second, err := image.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := digest(t, first), digest(t, second); a != b {
		t.Fatalf("two builds of the same inputs differ: %s vs %s", a, b)
	}
	cfg, err := first.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Config.Entrypoint, " "); got != "/app/hello -conf /data/conf" {
		t.Errorf("entrypoint = %q", got)
	}
	if cfg.Config.User != "65532" {
		t.Errorf("user = %q, want 65532", cfg.Config.User)
	}
	if cfg.Config.WorkingDir != "/" {
		t.Errorf("working directory = %q, want /", cfg.Config.WorkingDir)
	}
	for _, p := range []string{"8000/tcp", "9000/tcp"} {
		if _, ok := cfg.Config.ExposedPorts[p]; !ok {
			t.Errorf("port %s not exposed: %v", p, cfg.Config.ExposedPorts)
		}
	}
	if cfg.Config.Labels["org.opencontainers.image.revision"] != "0123abc" {
		t.Errorf("labels = %v", cfg.Config.Labels)
	}
	if !cfg.Created.IsZero() {
		t.Errorf("config has a creation time %v: digests would change with every build", cfg.Created)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" {
		t.Errorf("platform = %s/%s", cfg.OS, cfg.Architecture)
	}
}

func TestLayersHaveFixedMetadataAndTheFilesAServiceNeeds(t *testing.T) {
	t.Parallel()
	img, err := image.Build(helloSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 2 {
		t.Fatalf("%d layers, want a base and an app layer", len(layers))
	}
	files := map[string]*tar.Header{}
	contents := map[string]string{}
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(rc)
		for {
			hdr, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if !hdr.ModTime.Equal(time.Unix(0, 0)) {
				t.Errorf("%s has mtime %v, want the epoch", hdr.Name, hdr.ModTime)
			}
			files[hdr.Name] = hdr
			if hdr.Typeflag == tar.TypeReg && hdr.Size < 1<<16 {
				b, _ := io.ReadAll(tr)
				contents[hdr.Name] = string(b)
			}
		}
		rc.Close()
	}
	tests := []struct {
		path     string
		mode     int64
		uid      int
		contains string
	}{
		{path: "app/hello", mode: 0o755},
		{path: "etc/passwd", mode: 0o644, contains: "nonroot:x:65532:65532:"},
		{path: "etc/group", mode: 0o644, contains: "nonroot:x:65532:"},
		{path: "etc/ssl/certs/ca-certificates.crt", mode: 0o644},
		{path: "home/nonroot/", mode: 0o700, uid: 65532},
		{path: "data/", mode: 0o755, uid: 65532},
		{path: "data/conf/", mode: 0o755},
		{path: "tmp/", mode: 0o1777},
	}
	for _, tt := range tests {
		hdr, ok := files[tt.path]
		if !ok {
			t.Errorf("%s missing from the image", tt.path)
			continue
		}
		if hdr.Mode != tt.mode || hdr.Uid != tt.uid {
			t.Errorf("%s: mode %o uid %d, want %o uid %d", tt.path, hdr.Mode, hdr.Uid, tt.mode, tt.uid)
		}
		if !strings.Contains(contents[tt.path], tt.contains) {
			t.Errorf("%s does not contain %q:\n%s", tt.path, tt.contains, contents[tt.path])
		}
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	t.Parallel()
	good := helloSpec(t)
	dynamic, err := os.ReadFile("/bin/true") // Debian's coreutils are dynamically linked.
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*image.Spec)
		want   error
	}{
		{"dynamic binary", func(s *image.Spec) { s.Binary = dynamic }, image.ErrBinaryNotStatic},
		{"not an ELF file", func(s *image.Spec) { s.Binary = []byte("#!/bin/sh\necho hi\n") }, image.ErrBinaryNotELF},
		{"user name", func(s *image.Spec) { s.User = "nonroot" }, image.ErrBadUser},
		{"negative gid", func(s *image.Spec) { s.User = "65532:-1" }, image.ErrBadUser},
		{"port without protocol", func(s *image.Spec) { s.ExposedPorts = []string{"8000"} }, image.ErrBadPort},
		{"binary name with a slash", func(s *image.Spec) { s.BinaryName = "bin/hello" }, image.ErrBadBinaryName},
		{"no CA roots", func(s *image.Spec) { s.CACerts = []byte("not pem") }, image.ErrNoCACerts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := good
			tt.change(&spec)
			if _, err := image.Build(spec); !errors.Is(err, tt.want) {
				t.Fatalf("Build error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestLayoutAndTarballHoldTheSameImage(t *testing.T) {
	t.Parallel()
	img, err := image.Build(helloSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "layout")
	if err := image.WriteLayout(dir, img); err != nil {
		t.Fatal(err)
	}
	fromLayout, err := image.ReadLayout(dir)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "image.tar")
	if err := image.WriteTarball(file, fromLayout, []string{"kratos/hello:latest"}); err != nil {
		t.Fatal(err)
	}
	tag, _ := name.NewTag("kratos/hello:latest")
	fromTarball, err := tarball.ImageFromPath(file, &tag)
	if err != nil {
		t.Fatal(err)
	}
	want := digest(t, img)
	if got := digest(t, fromLayout); got != want {
		t.Errorf("layout digest %s, built %s", got, want)
	}
	// A docker load tarball has no manifest of its own (the reader synthesizes a Docker one),
	// so what must match is the config: its digest is the image ID Docker shows.
	wantConfig, _ := img.ConfigName()
	if got, err := fromTarball.ConfigName(); err != nil || got != wantConfig {
		t.Errorf("tarball config %s (%v), built %s", got, err, wantConfig)
	}
	wantLayers, _ := img.Layers()
	gotLayers, err := fromTarball.Layers()
	if err != nil || len(gotLayers) != len(wantLayers) {
		t.Fatalf("tarball has %d layers (%v), want %d", len(gotLayers), err, len(wantLayers))
	}
	for i := range wantLayers {
		w, _ := wantLayers[i].DiffID()
		if g, _ := gotLayers[i].DiffID(); g != w {
			t.Errorf("layer %d: tarball diff ID %s, built %s", i, g, w)
		}
	}
	if err := image.WriteTarball(file, img, nil); !errors.Is(err, image.ErrNoRepoTags) {
		t.Errorf("tarball without tags: error %v, want %v", err, image.ErrNoRepoTags)
	}
}

func TestTheBinaryRunsFromTheImageFileSystem(t *testing.T) {
	t.Parallel()
	img, err := image.Build(helloSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	root := ocitest.Extract(t, img)
	if got := ocitest.RunEntrypoint(t, root, cfg, "-version"); got != "hello dev\n" {
		t.Errorf("-version printed %q", got)
	}
	got := ocitest.RunEntrypoint(t, root, cfg, "-health")
	if !strings.HasPrefix(got, "ok uid=65532 roots=") || !strings.HasSuffix(got, "conf=/data/conf\n") {
		t.Errorf("-health printed %q", got)
	}
}

// Bazel hands actions and tests their inputs as symlinks; the layout reader must follow them.
func TestReadLayoutFollowsSymlinkedBlobs(t *testing.T) {
	t.Parallel()
	img, err := image.Build(helloSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(t.TempDir(), "layout")
	if err := image.WriteLayout(real, img); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(t.TempDir(), "linked")
	err = filepath.WalkDir(real, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(real, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(linked, rel), 0o755)
		}
		return os.Symlink(p, filepath.Join(linked, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	read, err := image.ReadLayout(linked)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := digest(t, read), digest(t, img); got != want {
		t.Errorf("read %s, wrote %s", got, want)
	}
	if err := image.WriteTarball(filepath.Join(t.TempDir(), "x.tar"), read, []string{"kratos/hello:x"}); err != nil {
		t.Errorf("tarball from a symlinked layout: %v", err)
	}
	if err := layout.Path(real).AppendImage(img); err != nil { // a second entry in the index
		t.Fatal(err)
	}
	if _, err := image.ReadLayout(real); !errors.Is(err, image.ErrLayoutNotSingleImage) {
		t.Errorf("layout with two images: error %v, want %v", err, image.ErrLayoutNotSingleImage)
	}
}
