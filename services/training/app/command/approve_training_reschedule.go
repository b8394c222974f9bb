package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// ApproveTrainingReschedule accepts the other side's proposed time and moves the training.
type ApproveTrainingReschedule struct {
	TrainingUUID string
	User         training.User
}

// ApproveTrainingRescheduleHandler approves a proposed time; build it with NewApproveTrainingRescheduleHandler.
type ApproveTrainingRescheduleHandler decorator.CommandHandler[ApproveTrainingReschedule]

type approveTrainingRescheduleHandler struct {
	repo     training.Repository
	trainers TrainerService
}

// NewApproveTrainingRescheduleHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewApproveTrainingRescheduleHandler(
	repo training.Repository, trainers TrainerService,
	logger *zap.Logger, metrics decorator.MetricsClient,
) ApproveTrainingRescheduleHandler {
	mustHave(repo, trainers)
	return decorator.ApplyCommandDecorators[ApproveTrainingReschedule](
		approveTrainingRescheduleHandler{repo: repo, trainers: trainers}, logger, metrics)
}

func (h approveTrainingRescheduleHandler) Handle(ctx context.Context, cmd ApproveTrainingReschedule) error {
	var undo undoLog
	err := h.repo.UpdateTraining(ctx, cmd.TrainingUUID, cmd.User,
		func(ctx context.Context, tr *training.Training) (*training.Training, error) {
			oldTime := tr.Time()
			if err := tr.ApproveReschedule(cmd.User); err != nil {
				return nil, err
			}
			if err := moveHour(ctx, h.trainers, &undo, tr.Time(), oldTime); err != nil {
				return nil, err
			}
			return tr, nil
		})
	if err != nil {
		return undo.rollback(ctx, err)
	}
	return nil
}
