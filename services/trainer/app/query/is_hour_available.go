package query

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// IsHourAvailable asks whether a training can be scheduled at Hour; the training service asks
// before it takes the attendee's credit.
type IsHourAvailable struct {
	Hour time.Time
}

// IsHourAvailableHandler handles IsHourAvailable.
type IsHourAvailableHandler decorator.QueryHandler[IsHourAvailable, bool]

type isHourAvailableHandler struct {
	hours hour.Repository
}

// NewIsHourAvailableHandler wraps the handler with logging and metrics.
func NewIsHourAvailableHandler(hours hour.Repository, logger *zap.Logger, metrics decorator.MetricsClient) IsHourAvailableHandler {
	if hours == nil {
		panic("query: nil hour repository")
	}
	return decorator.ApplyQueryDecorators[IsHourAvailable, bool](isHourAvailableHandler{hours}, logger, metrics)
}

func (h isHourAvailableHandler) Handle(ctx context.Context, q IsHourAvailable) (bool, error) {
	hr, err := h.hours.GetHour(ctx, q.Hour)
	if err != nil {
		return false, err
	}
	return hr.IsAvailable(), nil
}
