package server

import (
	"context"
	"time"

	"github.com/go-kratos/kratos/v2"
	klog "github.com/go-kratos/kratos/v2/log"
	"github.com/go-kratos/kratos/v2/registry"
	"github.com/go-kratos/kratos/v2/transport"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosregistry"
	"github.com/kratos-monorepo/monorepo/libs/tracing"
)

// Base is what every service's composition root starts from: one logger, one metrics export,
// the token keys, both servers sharing the middleware chain, and the registry its config names.
// The service registers its ports on HTTP and GRPC, then runs App.
type Base struct {
	Name    string
	Version string
	Logger  *log.Logger
	Metrics *metrics.Metrics
	// Keys verify requests' tokens and sign this service's calls (or, in the user service,
	// users' tokens).
	Keys *Keys
	// Tracing is the service's tracer provider (tracing section): the servers start a span per
	// request with it, and clients of other services take Tracing.Client().
	Tracing *tracing.Tracing
	HTTP    *khttp.Server
	GRPC    *kgrpc.Server

	// pprofAddr is server.pprof_addr: where App serves Go's profiler; empty, it does not.
	pprofAddr string
	// registry is nil with the static registry.
	registry      *nacosregistry.Registry
	closeRegistry func()
}

// NewBase builds the parts named in bc; public lists operations that need no token.
func NewBase(name, version string, bc *conf.Bootstrap, public ...string) (*Base, error) {
	return New(name, version, bc, WithPublic(public...))
}

// New builds the parts named in bc: logger, metrics, keys, servers and, with registry.kind
// "nacos", the Nacos registry the app registers in and clients discover through.
func New(name, version string, bc *conf.Bootstrap, opts ...BaseOption) (*Base, error) {
	o := baseOptions{}
	for _, opt := range opts {
		opt(&o)
	}
	tuneGC()
	// Checked before anything is opened.
	development, err := conf.Development(bc)
	if err != nil {
		return nil, err
	}
	keys, err := NewKeys(name, bc.GetAuth(), o.issuer, development)
	if err != nil {
		return nil, err
	}
	logger, err := log.New(log.Options{
		Service: name, Version: version,
		Env: envOf(bc.GetLog().GetFormat()), Level: bc.GetLog().GetLevel(),
	})
	if err != nil {
		return nil, err
	}
	m, err := metrics.New(metrics.WithService(name, version))
	if err != nil {
		return nil, err
	}
	tr, err := tracing.New(context.Background(), bc.GetTracing(), name, version)
	if err != nil {
		return nil, err
	}
	reg, closeRegistry, err := newRegistry(bc.GetRegistry(), o.nacosDir)
	if err != nil {
		_ = tr.Shutdown(context.Background())
		return nil, err
	}
	so := Options{Config: bc.GetServer(), Logger: logger, Metrics: m, Keys: keys.Verifier, Tracing: tr, Public: o.public}
	b := &Base{
		Name: name, Version: version, Logger: logger, Metrics: m, Keys: keys, Tracing: tr,
		HTTP: NewHTTP(so), GRPC: NewGRPC(so),
		registry: reg, closeRegistry: closeRegistry,
		pprofAddr: bc.GetServer().GetPprofAddr(),
	}
	if o.config != nil {
		if err := b.WatchConfig(o.config); err != nil {
			b.Close()
			return nil, err
		}
	}
	return b, nil
}

// Discovery finds upstream services for kratos clients (kgrpc.WithDiscovery with the endpoint
// "discovery:///trainer.grpc"); nil with the static registry, where endpoints are addresses.
func (b *Base) Discovery() registry.Discovery {
	if b.registry == nil {
		return nil
	}
	return b.registry
}

// Registrar is where App registers the service; nil with the static registry.
func (b *Base) Registrar() registry.Registrar {
	if b.registry == nil {
		return nil
	}
	return b.registry
}

// App is the kratos application running both servers until SIGINT/SIGTERM, then stopping them
// gracefully. With a registry it registers the HTTP and gRPC endpoints once both servers
// listen, and deregisters them before the servers stop, so clients turn away first.
func (b *Base) App(opts ...kratos.Option) *kratos.App {
	servers := []transport.Server{
		announced{endpointServer: b.HTTP, transport: "http", log: klog.NewHelper(b.Logger)},
		announced{endpointServer: b.GRPC, transport: "grpc", log: klog.NewHelper(b.Logger)},
	}
	if b.pprofAddr != "" {
		servers = append(servers, newPprofServer(b.pprofAddr, klog.NewHelper(b.Logger)))
	}
	base := []kratos.Option{
		kratos.Name(b.Name),
		kratos.Version(b.Version),
		// No kratos.Logger: it would make this service's logger kratos' process-wide one, wrong
		// for every other service in the process (tools/local); libs/runner and tools/local set
		// that one themselves (libs/log.SetKratosGlobal).
		kratos.Server(servers...),
		kratos.StopTimeout(10 * time.Second),
	}
	if b.registry != nil {
		base = append(base, kratos.Registrar(b.registry), kratos.RegistrarTimeout(5*time.Second))
	}
	return kratos.New(append(base, opts...)...)
}

// ServiceLogger is the service's logger as kratos sees it; libs/runner makes it kratos'
// process-wide logger when the service runs alone in its process.
func (b *Base) ServiceLogger() klog.Logger { return b.Logger }

// Close closes the registry client, flushes spans, logs and metrics; call it after the app
// stopped.
func (b *Base) Close() {
	if b.closeRegistry != nil {
		b.closeRegistry()
		b.closeRegistry = nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if b.Tracing == nil {
		// A Base not made by New.
	} else if err := b.Tracing.Shutdown(ctx); err != nil {
		// Spans are lost, nothing else: say so and carry on closing.
		b.Logger.Zap().Warn("sending the last spans failed", zap.Error(err))
	}
	_ = b.Metrics.Shutdown(ctx)
	_ = b.Logger.Sync()
}

func envOf(format string) string {
	if format == "console" {
		return log.EnvDevelopment
	}
	return log.EnvProduction
}
