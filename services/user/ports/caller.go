package ports

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// The one place the ports read the authenticated caller (the server's middleware has already
// refused requests without a valid token; a missing identity here means a method was wrongly
// made public, so it is refused too).

// callerFrom is the caller's user id: the app's queries read the caller's own user. A service
// has no user of its own.
func callerFrom(ctx context.Context) (string, error) {
	u, ok := auth.FromContext(ctx)
	if !ok {
		return "", auth.ErrMissingToken
	}
	if u.Role == auth.RoleService {
		return "", ErrUserOnly
	}
	return u.UUID, nil
}

// requireService admits only other services of this system: for internal methods.
func requireService(ctx context.Context) error {
	if u, ok := auth.FromContext(ctx); !ok || u.Role != auth.RoleService {
		return ErrServiceOnly
	}
	return nil
}
