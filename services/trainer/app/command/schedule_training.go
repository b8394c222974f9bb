package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// ScheduleTraining books an available hour; the training service sends it.
// OperationID is the training service's name for this booking: it applies at most once per id,
// and a repeated call gets the first call's answer.
type ScheduleTraining HourBooking

// NewScheduleTrainingHandler books hours; nil logger and metrics are allowed (tests).
// It re-checks the time window: an hour offered last week may have started by now. The check
// runs inside the recorded change, so a repeated call gets the first call's answer even when
// the hour has started since.
func NewScheduleTrainingHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[ScheduleTraining] {
	requireFactory("ScheduleTraining", factory)
	return decorator.Command(func(ctx context.Context, cmd ScheduleTraining) error {
		return changeBookedHourOnce(ctx, hours, cmd.OperationID, "schedule", cmd.Hour, func(hr *hour.Hour) error {
			if err := factory.Validate(cmd.Hour); err != nil {
				return err
			}
			return hr.ScheduleTraining()
		})
	}, logger, metrics, hours)
}
