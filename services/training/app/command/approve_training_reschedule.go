package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// ApproveTrainingReschedule accepts the other side's proposed time and moves the training.
type ApproveTrainingReschedule struct {
	TrainingUUID string        `log:"training"`
	User         training.User `log:"user"`
}

// ApproveTrainingRescheduleHandler approves a proposed time; build it with NewApproveTrainingRescheduleHandler.
type ApproveTrainingRescheduleHandler decorator.CommandHandler[ApproveTrainingReschedule]

type approveTrainingRescheduleHandler struct {
	saga *Saga
}

// NewApproveTrainingRescheduleHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewApproveTrainingRescheduleHandler(saga *Saga, logger *zap.Logger, metrics decorator.MetricsClient) ApproveTrainingRescheduleHandler {
	decorator.Require("ApproveTrainingReschedule", saga)
	return decorator.ApplyCommandDecorators[ApproveTrainingReschedule](
		approveTrainingRescheduleHandler{saga: saga}, logger, metrics)
}

// Handle moves the reservation to the proposed time; the proposal is accepted (the training
// takes the new time) once the trainer has the new hour reserved.
func (h approveTrainingRescheduleHandler) Handle(ctx context.Context, cmd ApproveTrainingReschedule) error {
	return h.saga.Start(ctx, KindApproveReschedule, cmd.TrainingUUID, cmd.User, func(tr *training.Training) ([]Step, error) {
		oldTime := tr.Time()
		if err := tr.ApproveReschedule(cmd.User); err != nil {
			return nil, err
		}
		return moveSteps(tr.Time(), oldTime), nil
	})
}
