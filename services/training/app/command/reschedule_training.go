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
type RescheduleTraining MoveRequest

// NewRescheduleTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It applies the move to the training as planned and moves the reservation; the training
// takes its new time and notes once the trainer has the new hour reserved.
func NewRescheduleTrainingHandler(saga *Saga, now func() time.Time, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[RescheduleTraining] {
	return decorator.Command(func(ctx context.Context, cmd RescheduleTraining) error {
		return saga.Start(ctx, KindReschedule, cmd.TrainingUUID, cmd.User, func(tr *training.Training) ([]Step, error) {
			oldTime := tr.Time()
			if err := updateNotes(tr, cmd.NewNotes); err != nil {
				return nil, err
			}
			if err := tr.RescheduleTraining(cmd.User, cmd.NewTime, now()); err != nil {
				return nil, err
			}
			return moveSteps(tr.Time(), oldTime), nil
		})
	}, logger, metrics, saga, now)
}
