package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// CancelTraining frees a booked hour; the training service sends it.
// OperationID is the training service's name for this cancellation: it applies at most once
// per id, so a retried cancel can never free an hour that someone booked in between.
type CancelTraining struct {
	OperationID string    `log:"operation"`
	Hour        time.Time `log:"hour"`
}

// CancelTrainingHandler handles CancelTraining.
type CancelTrainingHandler decorator.CommandHandler[CancelTraining]

type cancelTrainingHandler struct {
	hours hour.Repository
}

// NewCancelTrainingHandler wraps the handler with logging and metrics.
func NewCancelTrainingHandler(hours hour.Repository, logger *zap.Logger, metrics decorator.MetricsClient) CancelTrainingHandler {
	decorator.Require("CancelTraining", hours)
	return decorator.ApplyCommandDecorators[CancelTraining](cancelTrainingHandler{hours}, logger, metrics)
}

// Handle applies no time-window rule: the training service decides whether a cancellation is
// still allowed, and a booked hour must be freeable whatever the calendar's settings are now.
func (h cancelTrainingHandler) Handle(ctx context.Context, cmd CancelTraining) error {
	key := idempotency.Key{ID: cmd.OperationID, Request: "cancel:" + cmd.Hour.UTC().Format(time.RFC3339)}
	if err := key.Validate(); err != nil {
		return err
	}
	return h.hours.UpdateHourOnce(ctx, key, cmd.Hour, func(hr *hour.Hour) (*hour.Hour, error) {
		return hr, hr.CancelTraining()
	})
}
