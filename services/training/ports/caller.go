package ports

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// The one place the ports read the authenticated caller (the server's middleware has already
// refused requests without a valid token; a missing identity here means a method was wrongly
// made public, so it is refused too).

// caller is the authenticated person making the request, as the app knows them.
type caller struct {
	user training.User
	name string
}

// callerFrom turns the token's identity into the domain's User; services are refused, since
// trainings belong to people.
func callerFrom(ctx context.Context) (caller, error) {
	u, ok := auth.FromContext(ctx)
	if !ok {
		return caller{}, auth.ErrMissingToken
	}
	var userType training.UserType
	switch u.Role {
	case auth.RoleAttendee:
		userType = training.Attendee
	case auth.RoleTrainer:
		userType = training.Trainer
	default:
		return caller{}, ErrUsersOnly
	}
	user, err := training.NewUser(u.UUID, userType)
	if err != nil {
		return caller{}, err
	}
	return caller{user: user, name: u.Name}, nil
}
