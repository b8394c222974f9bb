package image

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

var portPattern = regexp.MustCompile(`^[0-9]{1,5}/(tcp|udp)$`)

// Build assembles the image described by spec. It touches no file system and no network.
func Build(spec Spec) (v1.Image, error) {
	if spec.BinaryName == "" || path.Base(spec.BinaryName) != spec.BinaryName || spec.BinaryName == "." || spec.BinaryName == ".." {
		return nil, fmt.Errorf("%w: got %q", ErrBadBinaryName, spec.BinaryName)
	}
	if err := checkStatic(spec.Binary); err != nil {
		return nil, err
	}
	uid, gid, err := parseUser(spec.user())
	if err != nil {
		return nil, err
	}
	ports := map[string]struct{}{}
	for _, p := range spec.ExposedPorts {
		if !portPattern.MatchString(p) {
			return nil, fmt.Errorf("%w: got %q", ErrBadPort, p)
		}
		ports[p] = struct{}{}
	}
	base, err := baseEntries(spec.CACerts, uid, gid)
	if err != nil {
		return nil, err
	}
	baseLayer, err := newLayer(base)
	if err != nil {
		return nil, err
	}
	appLayer, err := newLayer(appEntries(spec.BinaryName, spec.Binary))
	if err != nil {
		return nil, err
	}

	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img,
		mutate.Addendum{Layer: baseLayer, History: v1.History{CreatedBy: "ocitool: users, CA roots, directories"}},
		mutate.Addendum{Layer: appLayer, History: v1.History{CreatedBy: "ocitool: /app/" + spec.BinaryName}},
	)
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS = orDefault(spec.OS, "linux")
	cfg.Architecture = orDefault(spec.Architecture, "amd64")
	cfg.Config = v1.Config{
		Entrypoint:   spec.entrypoint(),
		Cmd:          spec.Cmd,
		Env:          withPath(spec.Env),
		Labels:       spec.Labels,
		User:         spec.user(),
		WorkingDir:   spec.workingDir(),
		ExposedPorts: ports,
	}
	if len(ports) == 0 {
		cfg.Config.ExposedPorts = nil
	}
	return mutate.ConfigFile(img, cfg)
}

// withPath adds the PATH most images carry, unless the caller set one; sorted for stability.
func withPath(env []string) []string {
	out := append([]string(nil), env...)
	for _, e := range out {
		if len(e) >= 5 && e[:5] == "PATH=" {
			sort.Strings(out)
			return out
		}
	}
	out = append(out, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	sort.Strings(out)
	return out
}

func newLayer(entries []entry) (v1.Layer, error) {
	data, err := layerTar(entries)
	if err != nil {
		return nil, err
	}
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
}
