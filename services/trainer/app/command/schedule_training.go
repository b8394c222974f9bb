package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// ScheduleTraining books an available hour; the training service sends it.
type ScheduleTraining struct {
	Hour time.Time
}

// ScheduleTrainingHandler handles ScheduleTraining.
type ScheduleTrainingHandler decorator.CommandHandler[ScheduleTraining]

type scheduleTrainingHandler struct {
	hours   hour.Repository
	factory hour.Factory
}

// NewScheduleTrainingHandler wraps the handler with logging and metrics.
func NewScheduleTrainingHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) ScheduleTrainingHandler {
	mustHaveDependencies(hours, factory)
	return decorator.ApplyCommandDecorators[ScheduleTraining](scheduleTrainingHandler{hours, factory}, logger, metrics)
}

// Handle re-checks the time window: an hour offered last week may have started by now.
func (h scheduleTrainingHandler) Handle(ctx context.Context, cmd ScheduleTraining) error {
	if err := h.factory.Validate(cmd.Hour); err != nil {
		return err
	}
	return h.hours.UpdateHour(ctx, cmd.Hour, func(hr *hour.Hour) (*hour.Hour, error) {
		return hr, hr.ScheduleTraining()
	})
}
