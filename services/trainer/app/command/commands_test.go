package command_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// clock is a test clock the factory reads; tests move it instead of sleeping.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

type fixture struct {
	clock       *clock
	repo        *adapters.MemoryHourRepository
	factory     hour.Factory
	available   command.MakeHoursAvailableHandler
	unavailable command.MakeHoursUnavailableHandler
	schedule    command.ScheduleTrainingHandler
	cancel      command.CancelTrainingHandler
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	c := &clock{now: time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)}
	f, err := hour.NewFactory(hour.FactoryConfig{MaxWeeksInTheFuture: 2, MinUTCHour: 8, MaxUTCHour: 20}, hour.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	repo := adapters.NewMemoryHourRepository(f)
	return fixture{
		clock: c, repo: repo, factory: f,
		available:   command.NewMakeHoursAvailableHandler(repo, f, nil, nil),
		unavailable: command.NewMakeHoursUnavailableHandler(repo, f, nil, nil),
		schedule:    command.NewScheduleTrainingHandler(repo, f, nil, nil),
		cancel:      command.NewCancelTrainingHandler(repo, nil, nil),
	}
}

func at(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, time.UTC) }

func (f fixture) assertAvailability(t *testing.T, when time.Time, want hour.Availability) {
	t.Helper()
	h, err := f.repo.GetHour(context.Background(), when)
	if err != nil || h.Availability() != want {
		t.Errorf("hour %v: %v (%v), want %v", when, h.Availability(), err, want)
	}
}

func TestMakeHoursAvailableRejectsTheWholeRequestForOneBadHour(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		hours []time.Time
		want  error
	}{
		{"no hours", nil, command.ErrNoHours},
		{"one too late", []time.Time{at(27, 10), at(27, 21)}, hour.ErrTooLateHour},
		{"one in the past", []time.Time{at(27, 10), at(25, 10)}, hour.ErrPastHour},
		{"one not full", []time.Time{at(27, 10), at(27, 11).Add(time.Second)}, hour.ErrNotFullHour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if err := f.available.Handle(context.Background(), command.MakeHoursAvailable{Hours: tt.hours}); !errors.Is(err, tt.want) {
				t.Fatalf("Handle() = %v, want %v", err, tt.want)
			}
			f.assertAvailability(t, at(27, 10), hour.NotAvailable)
		})
	}
}

func TestTrainerManagesHoursAndTrainingsBookThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	hours := []time.Time{at(27, 10), at(27, 11)}
	steps := []struct {
		name string
		run  func() error
		want error
	}{
		{"offer two hours", func() error { return f.available.Handle(ctx, command.MakeHoursAvailable{Hours: hours}) }, nil},
		{"book one", func() error { return f.schedule.Handle(ctx, command.ScheduleTraining{Hour: at(27, 10)}) }, nil},
		{"book it again", func() error { return f.schedule.Handle(ctx, command.ScheduleTraining{Hour: at(27, 10)}) }, hour.ErrHourNotAvailable},
		{"book an hour never offered", func() error { return f.schedule.Handle(ctx, command.ScheduleTraining{Hour: at(27, 12)}) }, hour.ErrHourNotAvailable},
		{"withdraw both, one booked", func() error { return f.unavailable.Handle(ctx, command.MakeHoursUnavailable{Hours: hours}) }, hour.ErrTrainingScheduled},
		{"book the free hour: still offered", func() error { return f.schedule.Handle(ctx, command.ScheduleTraining{Hour: at(27, 11)}) }, nil},
		{"cancel it again", func() error { return f.cancel.Handle(ctx, command.CancelTraining{Hour: at(27, 11)}) }, nil},
		{"withdraw the free hour", func() error { return f.unavailable.Handle(ctx, command.MakeHoursUnavailable{Hours: hours[1:]}) }, nil},
		{"cancel a training never booked", func() error { return f.cancel.Handle(ctx, command.CancelTraining{Hour: at(27, 11)}) }, hour.ErrNoTrainingScheduled},
		{"cancel the booking", func() error { return f.cancel.Handle(ctx, command.CancelTraining{Hour: at(27, 10)}) }, nil},
	}
	for _, step := range steps {
		if err := step.run(); !errors.Is(err, step.want) {
			t.Fatalf("%s: error = %v, want %v", step.name, err, step.want)
		}
	}
	f.assertAvailability(t, at(27, 10), hour.Available)
	f.assertAvailability(t, at(27, 11), hour.NotAvailable)
}

func TestAnOfferedHourCannotBeBookedOnceItStarted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	if err := f.available.Handle(ctx, command.MakeHoursAvailable{Hours: []time.Time{at(27, 10)}}); err != nil {
		t.Fatal(err)
	}
	f.clock.now = at(27, 10).Add(time.Minute)
	if err := f.schedule.Handle(ctx, command.ScheduleTraining{Hour: at(27, 10)}); !errors.Is(err, hour.ErrPastHour) {
		t.Fatalf("Handle() = %v, want %v", err, hour.ErrPastHour)
	}
	f.assertAvailability(t, at(27, 10), hour.Available)
}
