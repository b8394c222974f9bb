// Package command holds the user service's commands, one use case per file.
package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// CreateUser registers a trainer or an attendee with a starting balance.
type CreateUser struct {
	UserID      string `log:"user"`
	Role        string
	DisplayName string
	Balance     int
}

// NewCreateUserHandler wraps the handler with logging and metrics.
func NewCreateUserHandler(users user.Repository, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[CreateUser] {
	return decorator.Command(func(ctx context.Context, cmd CreateUser) error {
		u, err := newUser(cmd.UserID, cmd.Role, cmd.DisplayName, cmd.Balance)
		if err != nil {
			return err
		}
		return users.Add(ctx, u)
	}, logger, metrics, users)
}

// newUser checks the role's name and builds the user: what CreateUser and CreateAccount share.
func newUser(id, roleName, displayName string, balance int) (*user.User, error) {
	role, err := user.NewRole(roleName)
	if err != nil {
		return nil, err
	}
	return user.New(id, role, displayName, balance)
}
