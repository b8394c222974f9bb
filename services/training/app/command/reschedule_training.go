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
	TrainingUUID string        `log:"training"`
	User         training.User `log:"user"`
	NewTime      time.Time     `log:"hour"`
	NewNotes     *string
}

// RescheduleTrainingHandler moves a training directly; build it with NewRescheduleTrainingHandler.
type RescheduleTrainingHandler decorator.CommandHandler[RescheduleTraining]

type rescheduleTrainingHandler struct {
	saga *Saga
	now  func() time.Time
}

// NewRescheduleTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewRescheduleTrainingHandler(saga *Saga, now func() time.Time, logger *zap.Logger, metrics decorator.MetricsClient) RescheduleTrainingHandler {
	decorator.Require("RescheduleTraining", saga, now)
	return decorator.ApplyCommandDecorators[RescheduleTraining](
		rescheduleTrainingHandler{saga: saga, now: now}, logger, metrics)
}

// Handle applies the move to the training as planned and moves the reservation; the training
// takes its new time and notes once the trainer has the new hour reserved.
func (h rescheduleTrainingHandler) Handle(ctx context.Context, cmd RescheduleTraining) error {
	return h.saga.Start(ctx, KindReschedule, cmd.TrainingUUID, cmd.User, func(tr *training.Training) ([]Step, error) {
		oldTime := tr.Time()
		if err := updateNotes(tr, cmd.NewNotes); err != nil {
			return nil, err
		}
		if err := tr.RescheduleTraining(cmd.User, cmd.NewTime, h.now()); err != nil {
			return nil, err
		}
		return moveSteps(tr.Time(), oldTime), nil
	})
}
