package query

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// TrainingsForUser lists the asking attendee's own trainings that are not canceled, oldest
// first.
type TrainingsForUser struct {
	User training.User `log:"user"`
}

// TrainingsForUserReadModel reads one attendee's trainings that are not canceled, by time.
type TrainingsForUserReadModel interface {
	FindTrainingsForUser(ctx context.Context, userUUID string) ([]Training, error)
}

// NewTrainingsForUserHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It filters by the caller's own uuid, never by a uuid from the request: that is what
// keeps attendees apart.
func NewTrainingsForUserHandler(
	readModel TrainingsForUserReadModel, now func() time.Time,
	logger *zap.Logger, metrics decorator.MetricsClient,
) decorator.QueryHandler[TrainingsForUser, []Training] {
	return decorator.Query(func(ctx context.Context, q TrainingsForUser) ([]Training, error) {
		if q.User.UUID() == "" {
			return nil, training.ErrMissingUserUUID
		}
		trs, err := readModel.FindTrainingsForUser(ctx, q.User.UUID())
		if err != nil {
			return nil, err
		}
		return withCancelInfo(trs, now()), nil
	}, logger, metrics, readModel, now)
}
