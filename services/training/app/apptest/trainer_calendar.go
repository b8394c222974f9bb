// Package apptest holds in-memory test doubles of the services the training app calls, for
// tests of the app and of anything built on it. They keep the real services' rules, so a test
// that passes against them means something.
package apptest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// HourState is an hour's availability in the trainer's calendar.
type HourState string

// The states, as the trainer service names them; Unpublished is an hour the trainer never
// made available.
const (
	Available         HourState = "available"
	TrainingScheduled HourState = "training_scheduled"
	Unpublished       HourState = ""
)

// ErrHourNotScheduled is the double's answer to cancelling or moving away from an hour that
// has no training.
var ErrHourNotScheduled = errors.New("apptest: no training scheduled at this hour")

// TrainerCalendar is an in-memory command.TrainerService: only an available hour can be
// scheduled, only a scheduled one cancelled, and each operation id is applied once (a repeated
// call gets the first answer), as in the trainer service.
type TrainerCalendar struct {
	mu    sync.Mutex
	hours map[time.Time]HourState
	once  idempotency.Memory
	fail  error
}

var _ command.TrainerService = (*TrainerCalendar)(nil)

// NewTrainerCalendar starts with the given hours.
func NewTrainerCalendar(hours map[time.Time]HourState) *TrainerCalendar {
	c := &TrainerCalendar{hours: map[time.Time]HourState{}, once: idempotency.Memory{}}
	for at, s := range hours {
		c.hours[at.UTC()] = s
	}
	return c
}

// ScheduleTraining fails on a done context, as a remote call would.
func (c *TrainerCalendar) ScheduleTraining(ctx context.Context, operationID string, at time.Time) error {
	return c.apply(ctx, operationID, "schedule", at.UTC(), c.schedule)
}

func (c *TrainerCalendar) CancelTraining(ctx context.Context, operationID string, at time.Time) error {
	return c.apply(ctx, operationID, "cancel", at.UTC(), c.cancel)
}

func (c *TrainerCalendar) apply(ctx context.Context, operationID, action string, at time.Time, change func(time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if c.fail != nil {
		return c.fail
	}
	key := idempotency.Key{ID: operationID, Request: action + ":" + at.Format(time.RFC3339)}
	if err := key.Validate(); err != nil {
		return err
	}
	_, err := c.once.Once(key, func() (string, error) { return "", change(at) })
	return err
}

// Fail makes every later call fail with err before it reaches the calendar, as an unreachable
// trainer service would; nil heals it.
func (c *TrainerCalendar) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fail = err
}

// State is the hour's availability now.
func (c *TrainerCalendar) State(at time.Time) HourState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hours[at.UTC()]
}

// Set puts an hour into a state, e.g. to arrange a test.
func (c *TrainerCalendar) Set(at time.Time, s HourState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hours[at.UTC()] = s
}

func (c *TrainerCalendar) schedule(at time.Time) error {
	if c.hours[at] != Available {
		return command.ErrHourNotAvailable
	}
	c.hours[at] = TrainingScheduled
	return nil
}

func (c *TrainerCalendar) cancel(at time.Time) error {
	if c.hours[at] != TrainingScheduled {
		return ErrHourNotScheduled
	}
	c.hours[at] = Available
	return nil
}
