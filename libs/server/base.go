package server

import (
	"context"
	"time"

	"github.com/go-kratos/kratos/v2"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
)

// Base is what every service's composition root starts from: one logger, one metrics export,
// the token keys, and both servers sharing the middleware chain. The service registers its
// ports on HTTP and GRPC, then runs App.
type Base struct {
	Name    string
	Version string
	Logger  *log.Logger
	Metrics *metrics.Metrics
	Keys    *auth.Keys
	HTTP    *khttp.Server
	GRPC    *kgrpc.Server
}

// NewBase builds the parts named in bc; public lists operations that need no token.
func NewBase(name, version string, bc *conf.Bootstrap, public ...string) (*Base, error) {
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
	keys, err := auth.NewKeys([]byte(bc.GetAuth().GetJwtSecret()))
	if err != nil {
		return nil, err
	}
	o := Options{Config: bc.GetServer(), Logger: logger, Metrics: m, Keys: keys, Public: public}
	return &Base{
		Name: name, Version: version, Logger: logger, Metrics: m, Keys: keys,
		HTTP: NewHTTP(o), GRPC: NewGRPC(o),
	}, nil
}

// App is the kratos application running both servers until SIGINT/SIGTERM, then stopping them
// gracefully.
func (b *Base) App(opts ...kratos.Option) *kratos.App {
	return kratos.New(append([]kratos.Option{
		kratos.Name(b.Name),
		kratos.Version(b.Version),
		kratos.Logger(b.Logger),
		kratos.Server(b.HTTP, b.GRPC),
		kratos.StopTimeout(10 * time.Second),
	}, opts...)...)
}

// Close flushes logs and metrics; call it after the app stopped.
func (b *Base) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.Metrics.Shutdown(ctx)
	_ = b.Logger.Sync()
}

func envOf(format string) string {
	if format == "console" {
		return log.EnvDevelopment
	}
	return log.EnvProduction
}
