package command_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// Hour states in the trainer calendar test double.
const (
	available = "available"
	scheduled = "training_scheduled"
	unknown   = "" // not published by the trainer
)

var errHourNotScheduled = errors.New("test double: no training scheduled at this hour")

// trainerCalendar is an in-memory test double of command.TrainerService that keeps the
// trainer service's rules: only an available hour can be scheduled, only a scheduled one
// cancelled, and a move does both or neither.
type trainerCalendar struct {
	mu    sync.Mutex
	hours map[time.Time]string
}

func newTrainerCalendar(hours map[time.Time]string) *trainerCalendar {
	c := &trainerCalendar{hours: map[time.Time]string{}}
	for at, state := range hours {
		c.hours[at] = state
	}
	return c
}

func (c *trainerCalendar) ScheduleTraining(_ context.Context, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.schedule(at)
}

func (c *trainerCalendar) CancelTraining(_ context.Context, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cancel(at)
}

func (c *trainerCalendar) MoveTraining(_ context.Context, newTime, oldTime time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hours[oldTime] != scheduled {
		return errHourNotScheduled
	}
	if err := c.schedule(newTime); err != nil {
		return err
	}
	return c.cancel(oldTime)
}

func (c *trainerCalendar) schedule(at time.Time) error {
	if c.hours[at] != available {
		return command.ErrHourNotAvailable
	}
	c.hours[at] = scheduled
	return nil
}

func (c *trainerCalendar) cancel(at time.Time) error {
	if c.hours[at] != scheduled {
		return errHourNotScheduled
	}
	c.hours[at] = available
	return nil
}

func (c *trainerCalendar) state(at time.Time) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hours[at]
}

// userBalances is an in-memory test double of command.UserService. failDebits and
// failCredits make it fail like an unreachable user service.
type userBalances struct {
	mu                      sync.Mutex
	balances                map[string]int
	failDebits, failCredits error
}

func (u *userBalances) UpdateTrainingBalance(_ context.Context, userUUID string, delta int) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case delta < 0 && u.failDebits != nil:
		return u.failDebits
	case delta > 0 && u.failCredits != nil:
		return u.failCredits
	case u.balances[userUUID]+delta < 0:
		return command.ErrBalanceTooLow
	}
	u.balances[userUUID] += delta
	return nil
}

func (u *userBalances) balance(userUUID string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.balances[userUUID]
}

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
