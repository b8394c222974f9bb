package command

import (
	"context"
	"time"
)

// moveHour moves the reservation in the trainer's calendar and records how to move it back.
func moveHour(ctx context.Context, trainers TrainerService, undo *undoLog, newTime, oldTime time.Time) error {
	if newTime.Equal(oldTime) {
		return nil // nothing to move; asking would fail, as the hour is already taken by us
	}
	if err := trainers.MoveTraining(ctx, newTime, oldTime); err != nil {
		return err
	}
	undo.add(func(ctx context.Context) error { return trainers.MoveTraining(ctx, oldTime, newTime) })
	return nil
}
