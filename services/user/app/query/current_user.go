package query

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

// CurrentUser asks for the caller's own user; UserID comes from the caller's token.
type CurrentUser struct {
	UserID string `log:"user"`
}

// CurrentUserHandler handles CurrentUser.
type CurrentUserHandler decorator.QueryHandler[CurrentUser, User]

type currentUserHandler struct {
	readModel UserReadModel
}

// NewCurrentUserHandler wraps the handler with logging and metrics.
func NewCurrentUserHandler(readModel UserReadModel, logger *zap.Logger, metrics decorator.MetricsClient) CurrentUserHandler {
	decorator.Require("CurrentUser", readModel)
	return decorator.ApplyQueryDecorators[CurrentUser, User](currentUserHandler{readModel: readModel}, logger, metrics)
}

func (h currentUserHandler) Handle(ctx context.Context, q CurrentUser) (User, error) {
	return h.readModel.UserByID(ctx, q.UserID)
}
