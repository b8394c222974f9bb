package rootfs_test

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/rootfs"
)

func imageOf(t *testing.T, headers ...*tar.Header) v1.Image {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range headers {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(make([]byte, h.Size)); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil })
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestExtractKeepsModesAndOwners(t *testing.T) {
	t.Parallel()
	img := imageOf(t,
		&tar.Header{Name: "tmp/", Typeflag: tar.TypeDir, Mode: 0o1777},
		&tar.Header{Name: "data/", Typeflag: tar.TypeDir, Mode: 0o750, Uid: 65532, Gid: 65532},
		&tar.Header{Name: "data/f", Typeflag: tar.TypeReg, Mode: 0o640, Size: 3, Uid: 65532, Gid: 65532},
	)
	dir := t.TempDir()
	if err := rootfs.Extract(img, dir); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		mode os.FileMode
	}{
		{"tmp", os.ModeDir | os.ModeSticky | 0o777},
		{"data", os.ModeDir | 0o750},
		{"data/f", 0o640},
	}
	for _, tt := range tests {
		st, err := os.Stat(filepath.Join(dir, tt.path))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != tt.mode {
			t.Errorf("%s: mode %v, want %v", tt.path, st.Mode(), tt.mode)
		}
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	link := imageOf(t, &tar.Header{Name: "bin/sh", Typeflag: tar.TypeSymlink, Linkname: "/busybox"})
	if err := rootfs.Extract(link, t.TempDir()); !errors.Is(err, rootfs.ErrUnsupportedEntry) {
		t.Errorf("symlink: error %v, want %v", err, rootfs.ErrUnsupportedEntry)
	}
	tests := []struct {
		name string
		cfg  v1.Config
		want error
	}{
		{"no entrypoint", v1.Config{User: "1"}, rootfs.ErrNoEntrypoint},
		{"user name", v1.Config{Entrypoint: []string{"/app/x"}, User: "nonroot"}, rootfs.ErrUserNotNumeric},
		{"group name", v1.Config{Entrypoint: []string{"/app/x"}, User: "1:staff"}, rootfs.ErrUserNotNumeric},
	}
	for _, tt := range tests {
		if _, err := rootfs.Command("/nonexistent", &v1.ConfigFile{Config: tt.cfg}, nil); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
}
