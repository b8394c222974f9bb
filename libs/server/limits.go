package server

import (
	"net/http"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	khttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// Reasons the HTTP server answers before any handler runs.
const (
	ReasonRequestTooLarge  = "request-too-large"
	ReasonRouteNotFound    = "route-not-found"
	ReasonMethodNotAllowed = "method-not-allowed"
)

// The defaults of conf.HTTPLimits. A request of these services is a few hundred bytes, so
// 1 MiB is generous; the timeouts leave a slow mobile client enough time and a client that
// holds a connection open without sending anything none.
const (
	DefaultMaxBodyBytes      = 1 << 20
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 15 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
)

// HTTPLimits are conf.HTTPLimits with the defaults filled in.
type HTTPLimits struct {
	MaxBodyBytes      int64
	MaxHeaderBytes    int
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
}

// LimitsOf fills the unset or non-positive values of c with the defaults.
func LimitsOf(c *conf.HTTPLimits) HTTPLimits {
	positive := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	l := HTTPLimits{
		MaxBodyBytes:      c.GetMaxBodyBytes(),
		MaxHeaderBytes:    int(c.GetMaxHeaderBytes()),
		ReadHeaderTimeout: positive(c.GetReadHeaderTimeout().AsDuration(), DefaultReadHeaderTimeout),
		ReadTimeout:       positive(c.GetReadTimeout().AsDuration(), DefaultReadTimeout),
		WriteTimeout:      positive(c.GetWriteTimeout().AsDuration(), DefaultWriteTimeout),
		IdleTimeout:       positive(c.GetIdleTimeout().AsDuration(), DefaultIdleTimeout),
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	return l
}

// apply sets the connection-level limits on the server kratos built.
func (l HTTPLimits) apply(s *http.Server) {
	s.MaxHeaderBytes = l.MaxHeaderBytes
	s.ReadHeaderTimeout = l.ReadHeaderTimeout
	s.ReadTimeout = l.ReadTimeout
	s.WriteTimeout = l.WriteTimeout
	s.IdleTimeout = l.IdleTimeout
}

func errRequestTooLarge() *kerrors.Error {
	return kerrors.New(http.StatusRequestEntityTooLarge, ReasonRequestTooLarge, "the request body is too large")
}

// limitBody is an HTTP filter: it wraps the router, so it runs before routing, authentication
// and decoding. A declared length over the limit is refused before a byte of the body is read;
// any other body is cut off at the limit while it is read (decodeBody then answers 413), so
// no request makes the server hold more than max bytes of body, with or without a token.
func limitBody(max int64) khttp.FilterFunc {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				// The body stays unread; net/http closes the connection instead of draining it.
				encodeError(w, r, errRequestTooLarge())
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}

// Paths and methods without a route get a kratos error body like every other error. kratos'
// default hands them to http.DefaultServeMux, where linked-in libraries register debug pages
// (expvar's /debug/vars, net/http/pprof): those must never be reachable on the API port.
var (
	routeNotFound = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encodeError(w, r, kerrors.NotFound(ReasonRouteNotFound, "no such path"))
	})
	methodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encodeError(w, r, kerrors.New(http.StatusMethodNotAllowed, ReasonMethodNotAllowed, "the path does not accept this method"))
	})
)
