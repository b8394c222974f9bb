package command_test

import (
	"context"
	"errors"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var errCommitFailed = errors.New("test double: commit failed")

// failingCommits wraps the memory repository so that every update runs its update func and
// then fails, as a lost database connection at commit would.
type failingCommits struct {
	*adapters.MemoryTrainingRepository
}

func (r failingCommits) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(context.Context, *training.Training) (*training.Training, error),
) error {
	return r.MemoryTrainingRepository.UpdateTraining(ctx, uuid, user,
		func(ctx context.Context, tr *training.Training) (*training.Training, error) {
			if _, err := updateFn(ctx, tr); err != nil {
				return nil, err
			}
			return nil, errCommitFailed
		})
}
