package query

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

// TrainingBalance asks how many trainings a user can still book.
type TrainingBalance struct {
	UserID string
}

// TrainingBalanceHandler handles TrainingBalance.
type TrainingBalanceHandler decorator.QueryHandler[TrainingBalance, int]

type trainingBalanceHandler struct {
	readModel UserReadModel
}

// NewTrainingBalanceHandler wraps the handler with logging and metrics.
func NewTrainingBalanceHandler(readModel UserReadModel, logger *zap.Logger, metrics decorator.MetricsClient) TrainingBalanceHandler {
	if readModel == nil {
		panic("query: nil user read model")
	}
	return decorator.ApplyQueryDecorators[TrainingBalance, int](trainingBalanceHandler{readModel: readModel}, logger, metrics)
}

func (h trainingBalanceHandler) Handle(ctx context.Context, q TrainingBalance) (int, error) {
	u, err := h.readModel.UserByID(ctx, q.UserID)
	if err != nil {
		return 0, err
	}
	return u.Balance, nil
}
