package image

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// ReadLayout returns the single image of an OCI layout written by WriteLayout.
//
// go-containerregistry's layout reader refuses blobs that are symlinks, which is what Bazel's
// sandbox and runfiles trees hand an action or a test, so this reader follows them: the
// layouts it reads are this build's own outputs. Blobs are still checked against their
// digests by the callers that stream them (push, tarball).
func ReadLayout(dir string) (v1.Image, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return nil, err
	}
	var index v1.IndexManifest
	if err := json.Unmarshal(raw, &index); err != nil {
		return nil, err
	}
	if len(index.Manifests) != 1 {
		return nil, ErrLayoutNotSingleImage
	}
	desc := index.Manifests[0]
	l := &layoutImage{dir: dir, mediaType: desc.MediaType}
	if l.manifest, err = l.blob(desc.Digest); err != nil {
		return nil, err
	}
	m, err := v1.ParseManifest(bytes.NewReader(l.manifest))
	if err != nil {
		return nil, err
	}
	if l.config, err = l.blob(m.Config.Digest); err != nil {
		return nil, err
	}
	l.layers = m.Layers
	return partial.CompressedToImage(l)
}

type layoutImage struct {
	dir              string
	mediaType        types.MediaType
	manifest, config []byte
	layers           []v1.Descriptor
}

func (l *layoutImage) path(h v1.Hash) string {
	return filepath.Join(l.dir, "blobs", h.Algorithm, h.Hex)
}

func (l *layoutImage) blob(h v1.Hash) ([]byte, error) { return os.ReadFile(l.path(h)) }

func (l *layoutImage) RawConfigFile() ([]byte, error)      { return l.config, nil }
func (l *layoutImage) MediaType() (types.MediaType, error) { return l.mediaType, nil }
func (l *layoutImage) RawManifest() ([]byte, error)        { return l.manifest, nil }
func (l *layoutImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	for _, d := range l.layers {
		if d.Digest == h {
			return &layoutLayer{path: l.path(h), desc: d}, nil
		}
	}
	return nil, ErrLayerNotInLayout
}

type layoutLayer struct {
	path string
	desc v1.Descriptor
}

func (l *layoutLayer) Digest() (v1.Hash, error)            { return l.desc.Digest, nil }
func (l *layoutLayer) Size() (int64, error)                { return l.desc.Size, nil }
func (l *layoutLayer) MediaType() (types.MediaType, error) { return l.desc.MediaType, nil }
func (l *layoutLayer) Compressed() (io.ReadCloser, error)  { return os.Open(l.path) }
