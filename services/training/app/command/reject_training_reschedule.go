package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// RejectTrainingReschedule turns the other side's proposal down; the training keeps its time.
type RejectTrainingReschedule TrainingRequest

// NewRejectTrainingRescheduleHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewRejectTrainingRescheduleHandler(
	repo training.Repository, logger *zap.Logger, metrics decorator.MetricsClient,
) decorator.CommandHandler[RejectTrainingReschedule] {
	return decorator.Command(func(ctx context.Context, cmd RejectTrainingReschedule) error {
		return repo.UpdateTraining(ctx, cmd.TrainingUUID, cmd.User,
			func(ctx context.Context, tr *training.Training) (*training.Training, error) {
				if err := tr.RejectReschedule(cmd.User); err != nil {
					return nil, err
				}
				return tr, nil
			})
	}, logger, metrics, repo)
}
