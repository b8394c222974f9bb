package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// RescheduleTraining moves a training straight to a new hour (at least 24 h before it).
// NewNotes, when not nil, replaces the notes.
type RescheduleTraining struct {
	TrainingUUID string
	User         training.User
	NewTime      time.Time
	NewNotes     *string
}

// RescheduleTrainingHandler moves a training directly; build it with NewRescheduleTrainingHandler.
type RescheduleTrainingHandler decorator.CommandHandler[RescheduleTraining]

type rescheduleTrainingHandler struct {
	repo     training.Repository
	trainers TrainerService
	now      func() time.Time
}

// NewRescheduleTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewRescheduleTrainingHandler(
	repo training.Repository, trainers TrainerService, now func() time.Time,
	logger *zap.Logger, metrics decorator.MetricsClient,
) RescheduleTrainingHandler {
	mustHave(repo, trainers, now)
	return decorator.ApplyCommandDecorators[RescheduleTraining](
		rescheduleTrainingHandler{repo: repo, trainers: trainers, now: now}, logger, metrics)
}

func (h rescheduleTrainingHandler) Handle(ctx context.Context, cmd RescheduleTraining) error {
	var undo undoLog
	err := h.repo.UpdateTraining(ctx, cmd.TrainingUUID, cmd.User,
		func(ctx context.Context, tr *training.Training) (*training.Training, error) {
			oldTime := tr.Time()
			if err := updateNotes(tr, cmd.NewNotes); err != nil {
				return nil, err
			}
			if err := tr.RescheduleTraining(cmd.User, cmd.NewTime, h.now()); err != nil {
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
