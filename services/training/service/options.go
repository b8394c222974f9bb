package service

import (
	"time"

	"github.com/go-kratos/kratos/v2/registry"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// Option changes how New builds the service.
type Option func(*options)

type options struct {
	trainers  command.TrainerService
	users     command.UserService
	discovery registry.Discovery
	now       func() time.Time
}

// WithTrainerService replaces the gRPC client of the trainer service, e.g. with
// services/training/app/apptest's calendar in a component test.
func WithTrainerService(t command.TrainerService) Option {
	return func(o *options) { o.trainers = t }
}

// WithUserService replaces the gRPC client of the user service.
func WithUserService(u command.UserService) Option {
	return func(o *options) { o.users = u }
}

// WithDiscovery resolves upstream endpoints of the form discovery:///<name>.grpc through d.
// Without it the Base's registry does (Nacos with registry.kind nacos); with the static
// registry endpoints are host:port.
func WithDiscovery(d registry.Discovery) Option {
	return func(o *options) { o.discovery = d }
}

// WithClock replaces time.Now for the 24-hour rules.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}
