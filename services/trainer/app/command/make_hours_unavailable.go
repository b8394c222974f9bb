package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// MakeHoursUnavailable withdraws hours nobody has booked.
type MakeHoursUnavailable struct {
	Actor Actor
	Hours []time.Time `log:"hours"`
}

// MakeHoursUnavailableHandler handles MakeHoursUnavailable.
type MakeHoursUnavailableHandler decorator.CommandHandler[MakeHoursUnavailable]

type makeHoursUnavailableHandler struct {
	hours   hour.Repository
	factory hour.Factory
}

// NewMakeHoursUnavailableHandler wraps the handler with logging and metrics.
func NewMakeHoursUnavailableHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) MakeHoursUnavailableHandler {
	requireHours("MakeHoursUnavailable", hours, factory)
	return decorator.ApplyCommandDecorators[MakeHoursUnavailable](makeHoursUnavailableHandler{hours, factory}, logger, metrics)
}

func (h makeHoursUnavailableHandler) Handle(ctx context.Context, cmd MakeHoursUnavailable) error {
	return changeHours(ctx, h.hours, h.factory, cmd.Actor, cmd.Hours, (*hour.Hour).MakeNotAvailable)
}
