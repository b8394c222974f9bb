package image

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors a caller can match with errors.Is; each reason is a stable slug.
var (
	ErrBinaryNotStatic = errs.Invalid("binary-not-static",
		"the binary is dynamically linked (it names an ELF interpreter): build it with CGO off (rules_go pure = \"on\")")
	ErrBinaryNotELF  = errs.Invalid("binary-not-elf", "the binary is not a Linux ELF executable")
	ErrBadUser       = errs.Invalid("bad-image-user", "the image user must be numeric, uid or uid:gid (e.g. 65532)")
	ErrBadPort       = errs.Invalid("bad-exposed-port", "an exposed port must look like 8000/tcp or 8000/udp")
	ErrBadBinaryName = errs.Invalid("bad-binary-name", "the binary name must be a plain file name")
	ErrNoCACerts     = errs.Invalid("no-ca-certs", "the CA roots file holds no PEM certificate")
)

var (
	ErrLayoutNotSingleImage = errs.Invalid("layout-not-single-image", "the OCI layout must hold exactly one image")
	ErrNoRepoTags           = errs.Invalid("no-repo-tags", "a loadable tarball needs at least one repo tag such as kratos/user:latest")
)

// ErrLayerNotInLayout means a manifest names a layer the layout has no descriptor for.
var ErrLayerNotInLayout = errs.NotFound("layer-not-in-layout", "the OCI layout has no such layer")
