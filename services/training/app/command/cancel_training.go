package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// CancelTraining cancels a training, frees its hour and settles the attendee's balance.
type CancelTraining struct {
	TrainingUUID string
	User         training.User
}

// CancelTrainingHandler cancels a training; build it with NewCancelTrainingHandler.
type CancelTrainingHandler decorator.CommandHandler[CancelTraining]

type cancelTrainingHandler struct {
	repo     training.Repository
	users    UserService
	trainers TrainerService
	now      func() time.Time
}

// NewCancelTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewCancelTrainingHandler(
	repo training.Repository, users UserService, trainers TrainerService, now func() time.Time,
	logger *zap.Logger, metrics decorator.MetricsClient,
) CancelTrainingHandler {
	mustHave(repo, users, trainers, now)
	return decorator.ApplyCommandDecorators[CancelTraining](
		cancelTrainingHandler{repo: repo, users: users, trainers: trainers, now: now}, logger, metrics)
}

func (h cancelTrainingHandler) Handle(ctx context.Context, cmd CancelTraining) error {
	var undo undoLog
	err := h.repo.UpdateTraining(ctx, cmd.TrainingUUID, cmd.User,
		func(ctx context.Context, tr *training.Training) (*training.Training, error) {
			delta, err := tr.Cancel(cmd.User, h.now())
			if err != nil {
				return nil, err
			}
			if err := h.trainers.CancelTraining(ctx, tr.Time()); err != nil {
				return nil, err
			}
			undo.add(func(ctx context.Context) error { return h.trainers.ScheduleTraining(ctx, tr.Time()) })

			if delta != 0 {
				if err := h.users.UpdateTrainingBalance(ctx, tr.UserUUID(), delta); err != nil {
					return nil, err
				}
				undo.add(func(ctx context.Context) error {
					return h.users.UpdateTrainingBalance(ctx, tr.UserUUID(), -delta)
				})
			}
			return tr, nil
		})
	if err != nil {
		// Also reached when the commit fails after both services were called.
		return undo.rollback(ctx, err)
	}
	return nil
}
