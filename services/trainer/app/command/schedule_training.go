package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// ScheduleTraining books an available hour; the training service sends it.
// OperationID is the training service's name for this booking: it applies at most once per id,
// and a repeated call gets the first call's answer.
type ScheduleTraining struct {
	OperationID string    `log:"operation"`
	Hour        time.Time `log:"hour"`
}

// ScheduleTrainingHandler handles ScheduleTraining.
type ScheduleTrainingHandler decorator.CommandHandler[ScheduleTraining]

type scheduleTrainingHandler struct {
	hours   hour.Repository
	factory hour.Factory
}

// NewScheduleTrainingHandler wraps the handler with logging and metrics.
func NewScheduleTrainingHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) ScheduleTrainingHandler {
	requireHours("ScheduleTraining", hours, factory)
	return decorator.ApplyCommandDecorators[ScheduleTraining](scheduleTrainingHandler{hours, factory}, logger, metrics)
}

// Handle re-checks the time window: an hour offered last week may have started by now. The
// check runs inside the recorded change, so a repeated call gets the first call's answer even
// when the hour has started since.
func (h scheduleTrainingHandler) Handle(ctx context.Context, cmd ScheduleTraining) error {
	key := idempotency.Key{ID: cmd.OperationID, Request: "schedule:" + cmd.Hour.UTC().Format(time.RFC3339)}
	if err := key.Validate(); err != nil {
		return err
	}
	return h.hours.UpdateHourOnce(ctx, key, cmd.Hour, func(hr *hour.Hour) (*hour.Hour, error) {
		if err := h.factory.Validate(cmd.Hour); err != nil {
			return nil, err
		}
		return hr, hr.ScheduleTraining()
	})
}
