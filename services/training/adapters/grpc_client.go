package adapters

import (
	"context"
	"time"

	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/registry"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// CallerName is how this service signs its calls to other services (the service token's
// subject), so their logs and checks can tell who called.
const CallerName = "training"

// DefaultCallTimeout bounds each call to another service unless WithTimeout says otherwise.
const DefaultCallTimeout = 2 * time.Second

// ClientOption configures the gRPC clients of the other services.
type ClientOption func(*clientOptions)

type clientOptions struct {
	timeout    time.Duration
	discovery  registry.Discovery
	middleware []middleware.Middleware
}

// WithTimeout bounds each call; the caller's own deadline still applies when it is sooner.
func WithTimeout(d time.Duration) ClientOption {
	return func(o *clientOptions) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// WithDiscovery resolves endpoints of the form discovery:///<service>.grpc through d (Nacos);
// without it the endpoint is a plain host:port.
func WithDiscovery(d registry.Discovery) ClientOption {
	return func(o *clientOptions) { o.discovery = d }
}

// WithMiddleware adds kratos client middleware (e.g. metrics) around each call, outside the
// service token.
func WithMiddleware(m ...middleware.Middleware) ClientOption {
	return func(o *clientOptions) { o.middleware = append(o.middleware, m...) }
}

// reconnectBackoff bounds how long a connection to an upstream that came up stays unused: gRPC's
// default backoff grows to 120 s between attempts, so an upstream that was down for a minute
// would be found long after it is back; retrying at least every second keeps that under the
// default call timeout.
var reconnectBackoff = backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second}

// dial connects lazily (the connection is made on the first call), so a service starts even
// while the other service is down. Calls wait for the connection (gRPC wait-for-ready) within
// their deadline (WithTimeout, or the caller's sooner one) instead of failing at once: a system
// whose services start in any order answers once every service is up. An upstream still
// unreachable when the deadline passes is the upstream's unavailable error, as before.
func dial(ctx context.Context, endpoint, audience string, signer *auth.ServiceSigner, opts []ClientOption) (*grpc.ClientConn, error) {
	o := clientOptions{timeout: DefaultCallTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	dialOpts := []kgrpc.ClientOption{
		kgrpc.WithEndpoint(endpoint),
		kgrpc.WithTimeout(o.timeout),
		kgrpc.WithMiddleware(append(o.middleware, auth.Client(signer, audience))...),
		kgrpc.WithOptions(
			grpc.WithDefaultCallOptions(grpc.WaitForReady(true)),
			grpc.WithConnectParams(grpc.ConnectParams{Backoff: reconnectBackoff, MinConnectTimeout: time.Second}),
		),
	}
	if o.discovery != nil {
		dialOpts = append(dialOpts, kgrpc.WithDiscovery(o.discovery), kgrpc.WithPrintDiscoveryDebugLog(false))
	}
	return kgrpc.DialInsecure(ctx, dialOpts...)
}
