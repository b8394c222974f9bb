package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// ScheduleTraining books the attendee's training at a trainer hour.
type ScheduleTraining struct {
	TrainingUUID string
	User         training.User
	UserName     string
	TrainingTime time.Time
	Notes        string
}

// ScheduleTrainingHandler books a training; build it with NewScheduleTrainingHandler.
type ScheduleTrainingHandler decorator.CommandHandler[ScheduleTraining]

type scheduleTrainingHandler struct {
	repo     training.Repository
	users    UserService
	trainers TrainerService
}

// NewScheduleTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewScheduleTrainingHandler(
	repo training.Repository, users UserService, trainers TrainerService,
	logger *zap.Logger, metrics decorator.MetricsClient,
) ScheduleTrainingHandler {
	mustHave(repo, users, trainers)
	return decorator.ApplyCommandDecorators[ScheduleTraining](
		scheduleTrainingHandler{repo: repo, users: users, trainers: trainers}, logger, metrics)
}

// Handle takes the credit first, then the hour, then stores the training. The balance check
// is atomic in the user service, so it goes first: a failed booking then never touched the
// trainer's calendar. Each later failure undoes the steps before it.
func (h scheduleTrainingHandler) Handle(ctx context.Context, cmd ScheduleTraining) error {
	if err := training.CanUserScheduleTraining(cmd.User); err != nil {
		return err
	}
	tr, err := training.NewTraining(cmd.TrainingUUID, cmd.User.UUID(), cmd.UserName, cmd.TrainingTime)
	if err != nil {
		return err
	}
	if err := tr.UpdateNotes(cmd.Notes); err != nil {
		return err
	}

	var undo undoLog
	if err := h.users.UpdateTrainingBalance(ctx, tr.UserUUID(), -1); err != nil {
		return err
	}
	undo.add(func(ctx context.Context) error { return h.users.UpdateTrainingBalance(ctx, tr.UserUUID(), 1) })

	if err := h.trainers.ScheduleTraining(ctx, tr.Time()); err != nil {
		return undo.rollback(ctx, err)
	}
	undo.add(func(ctx context.Context) error { return h.trainers.CancelTraining(ctx, tr.Time()) })

	if err := h.repo.AddTraining(ctx, tr); err != nil {
		return undo.rollback(ctx, err)
	}
	return nil
}
