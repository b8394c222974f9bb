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

// NewCurrentUserHandler wraps the handler with logging and metrics.
func NewCurrentUserHandler(readModel UserReadModel, logger *zap.Logger, metrics decorator.MetricsClient) decorator.QueryHandler[CurrentUser, User] {
	return decorator.Query(func(ctx context.Context, q CurrentUser) (User, error) {
		return readModel.UserByID(ctx, q.UserID)
	}, logger, metrics, readModel)
}
