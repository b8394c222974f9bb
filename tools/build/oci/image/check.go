package image

import (
	"archive/tar"
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// What Check can find wrong with an image.
var (
	ErrImageTooLarge       = errs.Invalid("image-too-large", "the image (config plus compressed layers) is over its size limit")
	ErrRunsAsRoot          = errs.Invalid("image-runs-as-root", "the image runs as root (uid 0)")
	ErrUserNotInPasswd     = errs.Invalid("image-user-not-in-passwd", "the image user has no /etc/passwd entry")
	ErrEntrypointMissing   = errs.Invalid("image-entrypoint-missing", "the entrypoint is not an executable file in the image")
	ErrPortNotExposed      = errs.Invalid("image-port-not-exposed", "a port the service listens on is not exposed")
	ErrNoCACertsInImage    = errs.Invalid("image-no-ca-certs", "the image has no /etc/ssl/certs/ca-certificates.crt")
	errCheckNeedsNumericID = errs.Invalid("image-user-not-numeric", "the image user is not numeric")
)

// Expect is what Check requires of an image.
type Expect struct {
	MaxBytes int64 // config plus compressed layers (what a registry stores and sends); 0: no limit
	// MaxUncompressedBytes bounds the unpacked layers (what `docker images` shows); 0: no limit.
	MaxUncompressedBytes int64
	Ports                []string // must be exposed, e.g. 8000/tcp
}

// Size is what a registry stores for the image: its config and compressed layers.
func Size(img v1.Image) (int64, error) {
	m, err := img.Manifest()
	if err != nil {
		return 0, err
	}
	total := m.Config.Size
	for _, l := range m.Layers {
		total += l.Size
	}
	return total, nil
}

// UncompressedSize is the size of the unpacked layers, as a container engine stores them.
func UncompressedSize(img v1.Image) (int64, error) {
	layers, err := img.Layers()
	if err != nil {
		return 0, err
	}
	var total int64
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			return 0, err
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// Check verifies what a service image must be: small enough, non-root with a passwd entry, an
// executable static entrypoint, CA roots, the expected ports. It returns every problem found.
func Check(img v1.Image, want Expect) error {
	var problems []error
	size, err := Size(img)
	if err != nil {
		return err
	}
	if want.MaxBytes > 0 && size > want.MaxBytes {
		problems = append(problems, fmt.Errorf("%w: %d bytes, limit %d", ErrImageTooLarge, size, want.MaxBytes))
	}
	if want.MaxUncompressedBytes > 0 {
		unpacked, err := UncompressedSize(img)
		if err != nil {
			return err
		}
		if unpacked > want.MaxUncompressedBytes {
			problems = append(problems, fmt.Errorf("%w: %d bytes unpacked, limit %d", ErrImageTooLarge, unpacked, want.MaxUncompressedBytes))
		}
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return err
	}
	for _, p := range want.Ports {
		if _, ok := cfg.Config.ExposedPorts[p]; !ok {
			problems = append(problems, fmt.Errorf("%w: %s", ErrPortNotExposed, p))
		}
	}
	uid, _, userErr := parseUser(cfg.Config.User)
	if userErr != nil {
		problems = append(problems, fmt.Errorf("%w: %q", errCheckNeedsNumericID, cfg.Config.User))
	} else if uid == 0 {
		problems = append(problems, ErrRunsAsRoot)
	}
	files, err := flatten(img)
	if err != nil {
		return err
	}
	if userErr == nil && uid != 0 && !hasPasswdEntry(files["etc/passwd"].content, uid) {
		problems = append(problems, fmt.Errorf("%w: uid %d", ErrUserNotInPasswd, uid))
	}
	if _, ok := files["etc/ssl/certs/ca-certificates.crt"]; !ok {
		problems = append(problems, ErrNoCACertsInImage)
	}
	problems = append(problems, checkEntrypoint(cfg.Config.Entrypoint, files)...)
	return errors.Join(problems...)
}

func checkEntrypoint(entrypoint []string, files map[string]file) []error {
	if len(entrypoint) == 0 {
		return []error{fmt.Errorf("%w: the image has no entrypoint", ErrEntrypointMissing)}
	}
	f, ok := files[strings.TrimPrefix(entrypoint[0], "/")]
	if !ok || f.mode&0o111 == 0 {
		return []error{fmt.Errorf("%w: %s", ErrEntrypointMissing, entrypoint[0])}
	}
	if err := checkStatic(f.content); err != nil {
		return []error{fmt.Errorf("%s: %w", entrypoint[0], err)}
	}
	return nil
}

func hasPasswdEntry(passwd []byte, uid int) bool {
	sc := bufio.NewScanner(strings.NewReader(string(passwd)))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) > 2 && fields[2] == fmt.Sprint(uid) {
			return true
		}
	}
	return false
}

type file struct {
	mode    int64
	content []byte
}

// flatten reads the image's final file system (later layers win, whiteouts applied).
func flatten(img v1.Image) (map[string]file, error) {
	rc := mutate.Extract(img)
	defer rc.Close()
	files := map[string]file{}
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		files[strings.TrimPrefix(hdr.Name, "/")] = file{mode: hdr.Mode, content: b}
	}
}
