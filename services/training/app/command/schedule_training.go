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
	TrainingUUID string        `log:"training"`
	User         training.User `log:"user"`
	UserName     string
	TrainingTime time.Time `log:"hour"`
	Notes        string
}

// NewScheduleTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It records the training as being booked, then takes the credit and reserves the hour. The
// balance check is atomic in the user service, so it goes first: a booking without credit never
// touches the trainer's calendar. When the trainer refuses the hour, the credit is given back.
func NewScheduleTrainingHandler(saga *Saga, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[ScheduleTraining] {
	return decorator.Command(func(ctx context.Context, cmd ScheduleTraining) error {
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
		return saga.StartSchedule(ctx, tr, []Step{
			{
				Do:   Call{Action: ChangeBalance, User: tr.UserUUID(), Delta: -1},
				Undo: &Call{Action: ChangeBalance, User: tr.UserUUID(), Delta: 1},
			},
			{
				Do:   Call{Action: ReserveHour, Hour: tr.Time()},
				Undo: &Call{Action: FreeHour, Hour: tr.Time()},
			},
		})
	}, logger, metrics, saga)
}
