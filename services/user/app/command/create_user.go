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

// CreateUserHandler handles CreateUser.
type CreateUserHandler decorator.CommandHandler[CreateUser]

type createUserHandler struct {
	users user.Repository
}

// NewCreateUserHandler wraps the handler with logging and metrics.
func NewCreateUserHandler(users user.Repository, logger *zap.Logger, metrics decorator.MetricsClient) CreateUserHandler {
	decorator.Require("CreateUser", users)
	return decorator.ApplyCommandDecorators[CreateUser](createUserHandler{users: users}, logger, metrics)
}

func (h createUserHandler) Handle(ctx context.Context, cmd CreateUser) error {
	role, err := user.NewRole(cmd.Role)
	if err != nil {
		return err
	}
	u, err := user.New(cmd.UserID, role, cmd.DisplayName, cmd.Balance)
	if err != nil {
		return err
	}
	return h.users.Add(ctx, u)
}
