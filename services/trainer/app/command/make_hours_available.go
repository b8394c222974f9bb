package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// MakeHoursAvailable offers hours for attendees to book.
type MakeHoursAvailable struct {
	Actor Actor
	Hours []time.Time `log:"hours"`
}

// MakeHoursAvailableHandler handles MakeHoursAvailable.
type MakeHoursAvailableHandler decorator.CommandHandler[MakeHoursAvailable]

type makeHoursAvailableHandler struct {
	hours   hour.Repository
	factory hour.Factory
}

// NewMakeHoursAvailableHandler wraps the handler with logging and metrics.
func NewMakeHoursAvailableHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) MakeHoursAvailableHandler {
	requireHours("MakeHoursAvailable", hours, factory)
	return decorator.ApplyCommandDecorators[MakeHoursAvailable](makeHoursAvailableHandler{hours, factory}, logger, metrics)
}

func (h makeHoursAvailableHandler) Handle(ctx context.Context, cmd MakeHoursAvailable) error {
	return changeHours(ctx, h.hours, h.factory, cmd.Actor, cmd.Hours, (*hour.Hour).MakeAvailable)
}
