package command

import (
	"context"
	"errors"
	"fmt"
)

// undoLog remembers how to reverse each call to another service made so far. Those calls are
// outside our transaction, so when a later step fails the use case undoes the earlier ones
// itself and leaves every service as it found it (a small saga).
type undoLog struct {
	steps []func(ctx context.Context) error
}

func (u *undoLog) add(step func(ctx context.Context) error) {
	u.steps = append(u.steps, step)
}

// rollback runs the steps newest first. It returns cause first, so errs.ReasonOf still
// reports why the use case failed, joined with any step that could not be undone.
func (u *undoLog) rollback(ctx context.Context, cause error) error {
	// Undo even when the caller gave up: a cancelled request must not leave half a booking.
	ctx = context.WithoutCancel(ctx)
	all := []error{cause}
	for i := len(u.steps) - 1; i >= 0; i-- {
		if err := u.steps[i](ctx); err != nil {
			all = append(all, fmt.Errorf("undo failed, manual repair needed: %w", err))
		}
	}
	u.steps = nil
	return errors.Join(all...)
}
