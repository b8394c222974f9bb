package image

import (
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// WriteLayout writes img as an OCI image layout (oci-layout, index.json, blobs/) into dir,
// which must not exist yet or be empty.
func WriteLayout(dir string, img v1.Image) error {
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img)
}

// WriteTarball writes the `docker load` format (manifest.json with RepoTags) to file.
func WriteTarball(file string, img v1.Image, repoTags []string) error {
	refs := map[name.Reference]v1.Image{}
	for _, t := range repoTags {
		tag, err := name.NewTag(t)
		if err != nil {
			return err
		}
		refs[tag] = img
	}
	if len(refs) == 0 {
		return ErrNoRepoTags
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := tarball.MultiRefWrite(refs, f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
