package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// CancelTraining cancels a training, frees its hour and settles the attendee's balance.
type CancelTraining TrainingRequest

// NewCancelTrainingHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It decides the cancellation and its refund now (the 24-hour rule uses the time of the
// request), then frees the hour and pays the refund; neither can be refused, so a cancellation
// once recorded always completes.
func NewCancelTrainingHandler(saga *Saga, now func() time.Time, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[CancelTraining] {
	return decorator.Command(func(ctx context.Context, cmd CancelTraining) error {
		return saga.Start(ctx, KindCancel, cmd.TrainingUUID, cmd.User, func(tr *training.Training) ([]Step, error) {
			delta, err := tr.Cancel(cmd.User, now())
			if err != nil {
				return nil, err
			}
			steps := []Step{{Do: Call{Action: FreeHour, Hour: tr.Time()}}}
			if delta != 0 {
				steps = append(steps, Step{Do: Call{Action: ChangeBalance, User: tr.UserUUID(), Delta: delta}})
			}
			return steps, nil
		})
	}, logger, metrics, saga, now)
}
