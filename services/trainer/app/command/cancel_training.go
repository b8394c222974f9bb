package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// CancelTraining frees a booked hour; the training service sends it.
// OperationID is the training service's name for this cancellation: it applies at most once
// per id, so a retried cancel can never free an hour that someone booked in between.
type CancelTraining HourBooking

// NewCancelTrainingHandler frees booked hours; nil logger and metrics are allowed (tests).
// It applies no time-window rule: the training service decides whether a cancellation is still
// allowed, and a booked hour must be freeable whatever the calendar's settings are now.
func NewCancelTrainingHandler(hours hour.Repository, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[CancelTraining] {
	return decorator.Command(func(ctx context.Context, cmd CancelTraining) error {
		return changeBookedHourOnce(ctx, hours, cmd.OperationID, "cancel", cmd.Hour, (*hour.Hour).CancelTraining)
	}, logger, metrics, hours)
}
