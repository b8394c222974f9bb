package command

import (
	"context"
	"errors"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// ErrUndoFailed leads the error of a use case that failed and then could not undo an earlier
// call to another service: balance or calendar may now disagree with storage. It is internal
// (500, logged at error level) whatever the original cause was, because someone has to repair
// it; the cause and the failed undo stay in the chain for errors.Is.
var ErrUndoFailed = errs.New(errs.KindInternal, "undo-failed",
	"the request failed and an earlier step could not be undone: repair needed")

// undoLog remembers how to reverse each call to another service made so far. Those calls are
// outside our transaction, so when a later step fails the use case undoes the earlier ones
// itself and leaves every service as it found it (a small saga).
type undoLog struct {
	steps []func(ctx context.Context) error
}

func (u *undoLog) add(step func(ctx context.Context) error) {
	u.steps = append(u.steps, step)
}

// rollback runs the steps newest first and returns cause, or ErrUndoFailed joined with cause
// and the steps' errors when a step failed.
func (u *undoLog) rollback(ctx context.Context, cause error) error {
	// Undo even when the caller gave up: a cancelled request must not leave half a booking.
	ctx = context.WithoutCancel(ctx)
	var failed []error
	for i := len(u.steps) - 1; i >= 0; i-- {
		if err := u.steps[i](ctx); err != nil {
			failed = append(failed, err)
		}
	}
	u.steps = nil
	if len(failed) == 0 {
		return cause
	}
	return errors.Join(append([]error{ErrUndoFailed, cause}, failed...)...)
}
