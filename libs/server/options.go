package server

import "github.com/go-kratos/kratos/v2/config"

// BaseOption configures New.
type BaseOption func(*baseOptions)

type baseOptions struct {
	public   []string
	config   config.Config
	nacosDir string
	issuer   bool
}

// WithIssuer makes the service the issuer of users' tokens (the user service): its
// auth.signing_key signs them, and it trusts that key and auth.retired_keys for them.
func WithIssuer() BaseOption {
	return func(o *baseOptions) { o.issuer = true }
}

// WithPublic lists operations ("/pkg.Service/Method" or HTTP operation names) that need no
// token.
func WithPublic(operations ...string) BaseOption {
	return func(o *baseOptions) { o.public = append(o.public, operations...) }
}

// WithConfig makes the Base follow the live values of c (see WatchConfig); c is usually the
// config libs/conf/bootstrap.Load returned. The caller still closes c.
func WithConfig(c config.Config) BaseOption {
	return func(o *baseOptions) { o.config = c }
}

// WithNacosDir is where the Nacos SDK keeps its log and cache files; os.TempDir()/nacos when
// not set.
func WithNacosDir(dir string) BaseOption {
	return func(o *baseOptions) { o.nacosDir = dir }
}
