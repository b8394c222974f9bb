package query

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// AllTrainings lists every attendee's trainings that are not canceled, oldest first; for the
// trainer only.
type AllTrainings struct {
	User training.User `log:"user"`
}

// AllTrainingsReadModel reads the trainings that are not canceled, ordered by time.
type AllTrainingsReadModel interface {
	AllTrainings(ctx context.Context) ([]Training, error)
}

// NewAllTrainingsHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
func NewAllTrainingsHandler(
	readModel AllTrainingsReadModel, now func() time.Time,
	logger *zap.Logger, metrics decorator.MetricsClient,
) decorator.QueryHandler[AllTrainings, []Training] {
	return decorator.Query(func(ctx context.Context, q AllTrainings) ([]Training, error) {
		if err := training.CanUserSeeAllTrainings(q.User); err != nil {
			return nil, err
		}
		trs, err := readModel.AllTrainings(ctx)
		if err != nil {
			return nil, err
		}
		return withCancelInfo(trs, now()), nil
	}, logger, metrics, readModel, now)
}
