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

// NewCurrentUserHandler wraps the handler with logging and metrics.
func NewCurrentUserHandler(readModel UserReadModel, logger *zap.Logger, metrics decorator.MetricsClient) CurrentUserHandler {
	return decorator.Query(func(ctx context.Context, q CurrentUser) (User, error) {
		return readModel.UserByID(ctx, q.UserID)
	}, logger, metrics, readModel)
}
