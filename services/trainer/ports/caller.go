package ports

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
)

// The one place the ports read the authenticated caller (the server's middleware has already
// refused requests without a valid token; a missing identity here means a method was wrongly
// made public, so it is refused too).

// roles maps a token's role to the app's.
var roles = map[auth.Role]command.Role{
	auth.RoleTrainer:  command.RoleTrainer,
	auth.RoleAttendee: command.RoleAttendee,
	auth.RoleService:  command.RoleService,
}

// callerFrom is the caller as the app's commands take it.
func callerFrom(ctx context.Context) (command.Actor, error) {
	u, ok := auth.FromContext(ctx)
	if !ok {
		return command.Actor{}, auth.ErrMissingToken
	}
	return command.Actor{UUID: u.UUID, Role: roles[u.Role]}, nil
}

// requireCaller admits any authenticated caller: for what everyone may read.
func requireCaller(ctx context.Context) error {
	_, err := callerFrom(ctx)
	return err
}

// requireService admits only other services of this system: for internal methods.
func requireService(ctx context.Context) error {
	if u, ok := auth.FromContext(ctx); !ok || u.Role != auth.RoleService {
		return ErrServiceOnly
	}
	return nil
}
