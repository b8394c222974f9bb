package service

import (
	"context"
	"fmt"

	"github.com/kratos-monorepo/monorepo/libs/auth"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// The names of the other services in the config's upstreams map.
const (
	TrainerUpstream = "trainer"
	UserUpstream    = "user"
)

// ErrUpstreamMissing stops the service when an upstream it calls has no endpoint configured.
var ErrUpstreamMissing = errs.Invalid("upstream-missing", "upstreams.trainer.endpoint and upstreams.user.endpoint are required")

// upstreams are the other services, as the app's ports; close releases the connections this
// service opened (none for services passed in as options).
type upstreams struct {
	trainers command.TrainerService
	users    command.UserService
	close    []func() error
}

func connectUpstreams(ctx context.Context, base *server.Base, bc *conf.Bootstrap, o options) (*upstreams, error) {
	u := &upstreams{trainers: o.trainers, users: o.users}
	if (u.trainers == nil || u.users == nil) && base.Keys.Signer == nil {
		return nil, fmt.Errorf("training signs its calls to trainer and user with auth.signing_key: %w", auth.ErrNoSigningKey)
	}
	// With registry.kind nacos the Base discovers the other services; nil with static.
	discovery := o.discovery
	if discovery == nil {
		discovery = base.Discovery()
	}
	clientOpts := func(up *conf.Upstream) []adapters.ClientOption {
		return []adapters.ClientOption{
			adapters.WithTimeout(up.GetTimeout().AsDuration()),
			adapters.WithDiscovery(discovery),
			// The call's span first: it sends the trace context, and the metrics measure within it.
			adapters.WithMiddleware(base.Tracing.Client(), base.Metrics.Client()),
		}
	}
	if u.trainers == nil {
		up, err := upstream(bc, TrainerUpstream)
		if err != nil {
			return nil, err
		}
		c, err := adapters.NewTrainerGRPCClient(ctx, up.GetEndpoint(), base.Keys.Signer, clientOpts(up)...)
		if err != nil {
			return nil, err
		}
		u.trainers, u.close = c, append(u.close, c.Close)
	}
	if u.users == nil {
		up, err := upstream(bc, UserUpstream)
		if err != nil {
			u.closeAll()
			return nil, err
		}
		c, err := adapters.NewUserGRPCClient(ctx, up.GetEndpoint(), base.Keys.Signer, clientOpts(up)...)
		if err != nil {
			u.closeAll()
			return nil, err
		}
		u.users, u.close = c, append(u.close, c.Close)
	}
	return u, nil
}

func upstream(bc *conf.Bootstrap, name string) (*conf.Upstream, error) {
	up := bc.GetUpstreams()[name]
	if up.GetEndpoint() == "" {
		return nil, ErrUpstreamMissing
	}
	return up, nil
}

func (u *upstreams) closeAll() {
	for _, c := range u.close {
		_ = c()
	}
}
