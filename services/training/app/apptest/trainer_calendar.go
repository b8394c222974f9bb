// Package apptest holds in-memory test doubles of the services the training app calls, for
// tests of the app and of anything built on it. They keep the real services' rules, so a test
// that passes against them means something.
package apptest

import (
	"context"
	"errors"
	"sync"
	"time"

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
// scheduled, only a scheduled one cancelled, and a move does both or neither.
type TrainerCalendar struct {
	mu    sync.Mutex
	hours map[time.Time]HourState
}

var _ command.TrainerService = (*TrainerCalendar)(nil)

// NewTrainerCalendar starts with the given hours.
func NewTrainerCalendar(hours map[time.Time]HourState) *TrainerCalendar {
	c := &TrainerCalendar{hours: map[time.Time]HourState{}}
	for at, s := range hours {
		c.hours[at.UTC()] = s
	}
	return c
}

func (c *TrainerCalendar) ScheduleTraining(_ context.Context, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.schedule(at.UTC())
}

func (c *TrainerCalendar) CancelTraining(_ context.Context, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cancel(at.UTC())
}

func (c *TrainerCalendar) MoveTraining(_ context.Context, newTime, oldTime time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hours[oldTime.UTC()] != TrainingScheduled {
		return ErrHourNotScheduled
	}
	if err := c.schedule(newTime.UTC()); err != nil {
		return err
	}
	return c.cancel(oldTime.UTC())
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
