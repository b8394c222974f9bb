package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// RequestTrainingReschedule proposes a new time that the other side has to approve; the
// way to move a training when less than 24 h remain. NewNotes, when not nil, replaces
// the notes.
type RequestTrainingReschedule MoveRequest

// NewRequestTrainingRescheduleHandler wraps the handler in the logging and metrics decorators; nil logger
// and metrics are allowed (tests).
// It only records the proposal: the hour is reserved when the other side approves.
func NewRequestTrainingRescheduleHandler(
	repo training.Repository, logger *zap.Logger, metrics decorator.MetricsClient,
) decorator.CommandHandler[RequestTrainingReschedule] {
	return decorator.Command(func(ctx context.Context, cmd RequestTrainingReschedule) error {
		return repo.UpdateTraining(ctx, cmd.TrainingUUID, cmd.User,
			func(ctx context.Context, tr *training.Training) (*training.Training, error) {
				if err := updateNotes(tr, cmd.NewNotes); err != nil {
					return nil, err
				}
				if err := tr.ProposeReschedule(cmd.User, cmd.NewTime); err != nil {
					return nil, err
				}
				return tr, nil
			})
	}, logger, metrics, repo)
}
