// Package server builds a service's kratos HTTP and gRPC servers with the same middleware
// chain, so every service answers errors, authentication, logs and metrics alike.
//
// # Registry
//
// Base follows registry.kind. With "static" (or empty) nothing is registered and Discovery is
// nil: upstreams are dialled at their configured addresses. With "nacos", Base builds one Nacos
// naming client from registry.nacos (servers, namespace, group, timeout); App registers the
// service once its servers listen, as two ephemeral Nacos services, "<name>.http" and
// "<name>.grpc", each instance carrying the metadata kind (the scheme), version and id (the
// kratos instance id), and deregisters them before the servers stop. Discovery hands the same
// client to kratos clients: kgrpc.WithEndpoint("discovery:///trainer.grpc") with
// kgrpc.WithDiscovery(base.Discovery()) follows instances as Nacos pushes changes. gRPC health
// checking needs no token, so probes and load balancers can use it. A service that cannot
// register (Nacos unreachable at start) stops: App's Run returns registry.ErrUnavailable. After
// a Nacos restart the SDK registers the running instances again.
//
// # The edge
//
// NewHTTP bounds what one client can make the server hold (server.http_limits: body size,
// checked before routing, authentication and decoding, answered 413 request-too-large;
// header size; read-header, read, write and idle timeouts) and serves only the registered
// routes, /healthz and /metrics: other paths and methods get kratos 404/405 errors instead of
// Go's default mux and the debug pages libraries register there. NewGRPC applies the same
// limits to gRPC (message and metadata size, handshake and idle time) and runs at most 100
// calls at once per connection (grpcLimits). NewGRPC keeps the admin
// services (reflection, channelz) off unless server.grpc_admin, and then for service tokens
// only. New refuses the published development keys outside development mode (CheckKeys).
//
// # Live configuration
//
// Given the kratos config (WithConfig or WatchConfig; usually from libs/conf/bootstrap.Load,
// which also holds the configuration modes), a running Base applies changes of log.level.
// Every other value is read once at start and needs a restart.
package server

import (
	"context"
	"net/http"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/middleware/recovery"
	"github.com/go-kratos/kratos/v2/middleware/selector"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"google.golang.org/grpc"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/tracing"
)

const defaultTimeout = 5 * time.Second

// Options are what both servers need.
type Options struct {
	Config  *conf.Server
	Logger  *log.Logger
	Metrics *metrics.Metrics
	Keys    *auth.Verifier
	// Tracing starts each request's span (libs/tracing); nil makes none (a server in a test).
	Tracing *tracing.Tracing
	// Public lists operations (kratos operation names, "/pkg.Service/Method") callable without a
	// token, besides gRPC health checking. Everything else needs one.
	Public []string
}

// chain is the middleware every request passes, outermost first: the request's span starts
// (continuing the caller's trace), a panic becomes a 500, the request gets an id and is logged
// (with the span's trace_id and span_id) and measured, errors become kratos errors, then the
// caller is authenticated. The span is outside the recovery so it records the 500 a panic
// becomes.
func (o Options) chain() []middleware.Middleware {
	authenticate := selector.Server(auth.Server(o.Keys)).Match(o.needsToken).Build()
	var chain []middleware.Middleware
	if o.Tracing != nil {
		chain = append(chain, o.Tracing.Server())
	}
	return append(chain,
		// kratos' own answer to a panic has the reason "UNKNOWN"; ours is the documented one.
		recovery.Recovery(recovery.WithHandler(func(context.Context, any, any) error {
			return kerrors.InternalServer(ReasonInternal, "internal error")
		})),
		log.RequestIDMiddleware(),
		requestLog(log.WithContextFields(o.Logger)),
		o.Metrics.Server(),
		DomainErrors(o.Logger.Zap()),
		authenticate,
	)
}

// healthOperations are gRPC health checking's; probes and load balancers carry no token.
var healthOperations = []string{"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"}

func (o Options) needsToken(_ context.Context, operation string) bool {
	for _, p := range healthOperations {
		if p == operation {
			return false
		}
	}
	for _, p := range o.Public {
		if p == operation {
			return false
		}
	}
	return true
}

// NewHTTP builds the HTTP server with the limits of server.http_limits. It serves the routes
// the service registers, /metrics and /healthz (both outside the chain: no token), and nothing
// else: every other path is a kratos 404, a known path with another method a 405.
func NewHTTP(o Options) *khttp.Server {
	l := o.Config.GetHttp()
	limits := LimitsOf(o.Config.GetHttpLimits())
	srv := khttp.NewServer(
		khttp.Address(orDefault(l.GetAddr(), "0.0.0.0:8000")),
		khttp.Timeout(timeout(l)),
		khttp.Filter(limitBody(limits.MaxBodyBytes)),
		khttp.NotFoundHandler(routeNotFound),
		khttp.MethodNotAllowedHandler(methodNotAllowed),
		khttp.Middleware(o.chain()...),
		khttp.RequestDecoder(decodeBody),
		khttp.RequestQueryDecoder(decodeQuery),
		khttp.RequestVarsDecoder(decodeVars),
		khttp.ErrorEncoder(encodeError),
	)
	limits.apply(srv.Server)
	srv.Handle("/metrics", o.Metrics.Handler())
	srv.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	return srv
}

// NewGRPC builds the gRPC server (with gRPC health checking, which kratos registers). The admin
// services (reflection, channelz) follow server.grpc_admin: off, they answer Unimplemented;
// on, they answer service tokens only.
func NewGRPC(o Options) *kgrpc.Server {
	l := o.Config.GetGrpc()
	gate := adminGate{enabled: o.Config.GetGrpcAdmin(), keys: o.Keys}
	opts := []kgrpc.ServerOption{
		kgrpc.Address(orDefault(l.GetAddr(), "0.0.0.0:9000")),
		kgrpc.Timeout(timeout(l)),
		kgrpc.Middleware(o.chain()...),
		// grpc.UnaryInterceptor and grpc.StreamInterceptor run before kratos' own interceptors.
		// kgrpc.Options replaces the options given before: all of them go in this one call.
		kgrpc.Options(append(grpcLimits(LimitsOf(o.Config.GetHttpLimits())),
			grpc.UnaryInterceptor(gate.unary()), grpc.StreamInterceptor(gate.stream()),
			// Calls run on long-lived worker goroutines instead of one new goroutine each: a new
			// goroutine's stack starts small and is copied several times as a call goes down the
			// middleware chain into SQLite (runtime.newstack/copystack: 4-6% of the trainer's and
			// the user service's CPU under 20 booking clients). A call finding no idle worker
			// still gets a goroutine of its own, so the count bounds nothing.
			grpc.NumStreamWorkers(streamWorkers))...),
	}
	if !gate.enabled {
		opts = append(opts, kgrpc.DisableReflection())
	}
	return kgrpc.NewServer(opts...)
}

// streamWorkers is how many goroutines wait for gRPC calls: the concurrency the services see
// from their callers under load (20 booking clients in tools/bench side), with room to spare.
const streamWorkers = 32

func timeout(l *conf.Server_Listener) time.Duration {
	if d := l.GetTimeout().AsDuration(); d > 0 {
		return d
	}
	return defaultTimeout
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
