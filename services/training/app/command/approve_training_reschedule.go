package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// ApproveTrainingReschedule accepts the other side's proposed time and moves the training.
type ApproveTrainingReschedule TrainingRequest

// NewApproveTrainingRescheduleHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It moves the reservation to the proposed time; the proposal is accepted (the training
// takes the new time) once the trainer has the new hour reserved.
func NewApproveTrainingRescheduleHandler(saga *Saga, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[ApproveTrainingReschedule] {
	return decorator.Command(func(ctx context.Context, cmd ApproveTrainingReschedule) error {
		return saga.Start(ctx, KindApproveReschedule, cmd.TrainingUUID, cmd.User, func(tr *training.Training) ([]Step, error) {
			oldTime := tr.Time()
			if err := tr.ApproveReschedule(cmd.User); err != nil {
				return nil, err
			}
			return moveSteps(tr.Time(), oldTime), nil
		})
	}, logger, metrics, saga)
}
