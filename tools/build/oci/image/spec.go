// Package image builds reproducible OCI images for static Go binaries without a base image:
// a base layer (passwd, group, CA roots, the directories a service expects) and an app layer
// (the binary). Every tar header has fixed times and owners and the config has no creation
// time, so the same inputs always give the same digests.
package image

// Spec describes one image. Zero values get the conventions of this repository's services.
type Spec struct {
	// Binary is the static executable placed at /app/<BinaryName>.
	Binary     []byte
	BinaryName string
	// CACerts is a PEM bundle installed as /etc/ssl/certs/ca-certificates.crt, the first path
	// Go's crypto/x509 reads on Linux.
	CACerts []byte
	// Entrypoint defaults to /app/<BinaryName> -conf /data/conf (configs are mounted there).
	Entrypoint []string
	Cmd        []string
	Env        []string // KEY=value
	Labels     map[string]string
	// User is a numeric uid or uid:gid; the default 65532 is the conventional "nonroot".
	User string
	// WorkingDir defaults to /, where services' relative paths (data/<svc>.db) land in /data.
	WorkingDir   string
	ExposedPorts []string // 8000/tcp
	OS           string
	Architecture string
}

const (
	defaultUser = "65532"
	appDir      = "/app"
	confDir     = "/data/conf"
)

func (s Spec) entrypoint() []string {
	if len(s.Entrypoint) > 0 {
		return s.Entrypoint
	}
	return []string{appDir + "/" + s.BinaryName, "-conf", confDir}
}

func (s Spec) user() string {
	if s.User == "" {
		return defaultUser
	}
	return s.User
}

func (s Spec) workingDir() string { return orDefault(s.WorkingDir, "/") }

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
