package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// CancelTraining frees a booked hour; the training service sends it.
type CancelTraining struct {
	Hour time.Time
}

// CancelTrainingHandler handles CancelTraining.
type CancelTrainingHandler decorator.CommandHandler[CancelTraining]

type cancelTrainingHandler struct {
	hours hour.Repository
}

// NewCancelTrainingHandler wraps the handler with logging and metrics.
func NewCancelTrainingHandler(hours hour.Repository, logger *zap.Logger, metrics decorator.MetricsClient) CancelTrainingHandler {
	if hours == nil {
		panic("command: nil hour repository")
	}
	return decorator.ApplyCommandDecorators[CancelTraining](cancelTrainingHandler{hours}, logger, metrics)
}

// Handle applies no time-window rule: the training service decides whether a cancellation is
// still allowed, and a booked hour must be freeable whatever the calendar's settings are now.
func (h cancelTrainingHandler) Handle(ctx context.Context, cmd CancelTraining) error {
	return h.hours.UpdateHour(ctx, cmd.Hour, func(hr *hour.Hour) (*hour.Hour, error) {
		return hr, hr.CancelTraining()
	})
}
