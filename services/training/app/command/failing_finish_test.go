package command_test

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

var errFinishFailed = errors.New("test double: database lost at commit")

// failingFinish wraps the memory repository so that the first Finish fails, as a lost database
// connection at the end of an operation would: everything the operation did in the other
// services is done, and its training does not show it yet.
type failingFinish struct {
	*adapters.MemoryTrainingRepository
	failed *atomic.Bool
}

func (r failingFinish) Finish(ctx context.Context, op *command.Operation) error {
	if r.failed.CompareAndSwap(false, true) {
		return errFinishFailed
	}
	return r.MemoryTrainingRepository.Finish(ctx, op)
}

func withFailingFinish(e *env) *command.Saga {
	return e.newSaga(failingFinish{e.repo, new(atomic.Bool)})
}
