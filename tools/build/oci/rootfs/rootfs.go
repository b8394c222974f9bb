// Package rootfs runs an image without a container engine: it unpacks the image's file system
// into a directory and starts the entrypoint chrooted there, as the image's user, with the
// image's environment and working directory. It needs root (chroot, setuid), as tests and
// `bazel test` have here; it isolates nothing else (network, pids), so it proves that an image
// is complete, not that it is safe.
package rootfs

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Errors a caller can match with errors.Is.
var (
	ErrUnsupportedEntry = errs.Invalid("rootfs-unsupported-entry", "the image has a file type rootfs does not unpack (only files and directories)")
	ErrUserNotNumeric   = errs.Invalid("rootfs-user-not-numeric", "the image user must be numeric uid[:gid] to run it without an engine")
	ErrNoEntrypoint     = errs.Invalid("rootfs-no-entrypoint", "the image has no entrypoint")
)

// Extract writes the image's flattened file system (whiteouts applied) into dir, keeping
// modes and owners.
func Extract(img v1.Image, dir string) error {
	// The image's / is world-readable; a 0700 temp dir would lock the image user out of it.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.Clean("/"+hdr.Name))
		mode := os.FileMode(hdr.Mode & 0o777)
		if hdr.Mode&0o1000 != 0 {
			mode |= os.ModeSticky
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			err = writeFile(target, tr)
		default:
			return fmt.Errorf("%w: %s (type %c)", ErrUnsupportedEntry, hdr.Name, hdr.Typeflag)
		}
		// Chmod after creation: the umask must not change what the image says.
		if err == nil {
			err = os.Chmod(target, mode)
		}
		if err == nil {
			err = os.Lchown(target, hdr.Uid, hdr.Gid)
		}
		if err != nil {
			return err
		}
	}
}

func writeFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Command prepares the entrypoint plus args as a container engine would start it, chrooted
// into root. extraEnv is appended to the image's environment (later entries win).
func Command(root string, cfg *v1.ConfigFile, extraEnv []string, args ...string) (*exec.Cmd, error) {
	argv := append(append([]string(nil), cfg.Config.Entrypoint...), cfg.Config.Cmd...)
	if len(args) > 0 { // like `docker run image args...`: arguments replace Cmd
		argv = append(append([]string(nil), cfg.Config.Entrypoint...), args...)
	}
	if len(argv) == 0 {
		return nil, ErrNoEntrypoint
	}
	uid, gid, err := ids(cfg.Config.User)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append([]string(nil), cfg.Config.Env...), extraEnv...)
	cmd.Dir = "/"
	if cfg.Config.WorkingDir != "" {
		cmd.Dir = cfg.Config.WorkingDir
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Chroot:     root,
		Credential: &syscall.Credential{Uid: uid, Gid: gid},
		Pdeathsig:  syscall.SIGKILL,
	}
	return cmd, nil
}

func ids(user string) (uint32, uint32, error) {
	u, g, hasGroup := strings.Cut(user, ":")
	if u == "" {
		u = "0"
	}
	uid, err := strconv.ParseUint(u, 10, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %q", ErrUserNotNumeric, user)
	}
	gid := uid
	if hasGroup {
		if gid, err = strconv.ParseUint(g, 10, 32); err != nil {
			return 0, 0, fmt.Errorf("%w: %q", ErrUserNotNumeric, user)
		}
	}
	return uint32(uid), uint32(gid), nil
}
