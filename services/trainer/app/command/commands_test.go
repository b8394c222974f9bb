package command_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
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
	available   decorator.CommandHandler[command.MakeHoursAvailable]
	unavailable decorator.CommandHandler[command.MakeHoursUnavailable]
	schedule    decorator.CommandHandler[command.ScheduleTraining]
	cancel      decorator.CommandHandler[command.CancelTraining]
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

// trainer is the actor allowed to change the calendar.
var trainer = command.Actor{UUID: "8a1f4b3e-2c6d-4e7f-9a0b-1c2d3e4f5a6b", Role: command.RoleTrainer}

func at(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, time.UTC) }

func (f fixture) assertAvailability(t *testing.T, when time.Time, want hour.Availability) {
	t.Helper()
	h, err := f.repo.GetHour(context.Background(), when)
	if err != nil || h.Availability() != want {
		t.Errorf("hour %v: %v (%v), want %v", when, h.Availability(), err, want)
	}
}

// tooManyHours are valid hours, one more than DefaultMaxHoursPerChange (the fixture's factory
// leaves it unset): the 13 working hours of the days from the 27th on.
func tooManyHours() []time.Time {
	var hours []time.Time
	for day := 27; len(hours) <= hour.DefaultMaxHoursPerChange; day++ {
		for h := 8; h <= 20 && len(hours) <= hour.DefaultMaxHoursPerChange; h++ {
			hours = append(hours, at(27, 10).AddDate(0, 0, day-27).Add(time.Duration(h-10)*time.Hour))
		}
	}
	return hours
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
		{"more than a change may touch", tooManyHours(), command.ErrTooManyHours},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if err := f.available.Handle(context.Background(), command.MakeHoursAvailable{Actor: trainer, Hours: tt.hours}); !errors.Is(err, tt.want) {
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
		{"offer two hours", func() error { return f.available.Handle(ctx, command.MakeHoursAvailable{Actor: trainer, Hours: hours}) }, nil},
		{"book one", func() error {
			return f.schedule.Handle(ctx, command.ScheduleTraining{OperationID: nextOperation(), Hour: at(27, 10)})
		}, nil},
		{"book it again", func() error {
			return f.schedule.Handle(ctx, command.ScheduleTraining{OperationID: nextOperation(), Hour: at(27, 10)})
		}, hour.ErrHourNotAvailable},
		{"book an hour never offered", func() error {
			return f.schedule.Handle(ctx, command.ScheduleTraining{OperationID: nextOperation(), Hour: at(27, 12)})
		}, hour.ErrHourNotAvailable},
		{"withdraw both, one booked", func() error {
			return f.unavailable.Handle(ctx, command.MakeHoursUnavailable{Actor: trainer, Hours: hours})
		}, hour.ErrTrainingScheduled},
		{"book the free hour: still offered", func() error {
			return f.schedule.Handle(ctx, command.ScheduleTraining{OperationID: nextOperation(), Hour: at(27, 11)})
		}, nil},
		{"cancel it again", func() error {
			return f.cancel.Handle(ctx, command.CancelTraining{OperationID: nextOperation(), Hour: at(27, 11)})
		}, nil},
		{"withdraw the free hour", func() error {
			return f.unavailable.Handle(ctx, command.MakeHoursUnavailable{Actor: trainer, Hours: hours[1:]})
		}, nil},
		{"cancel a training never booked", func() error {
			return f.cancel.Handle(ctx, command.CancelTraining{OperationID: nextOperation(), Hour: at(27, 11)})
		}, hour.ErrNoTrainingScheduled},
		{"cancel the booking", func() error {
			return f.cancel.Handle(ctx, command.CancelTraining{OperationID: nextOperation(), Hour: at(27, 10)})
		}, nil},
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
	if err := f.available.Handle(ctx, command.MakeHoursAvailable{Actor: trainer, Hours: []time.Time{at(27, 10)}}); err != nil {
		t.Fatal(err)
	}
	f.clock.now = at(27, 10).Add(time.Minute)
	if err := f.schedule.Handle(ctx, command.ScheduleTraining{OperationID: nextOperation(), Hour: at(27, 10)}); !errors.Is(err, hour.ErrPastHour) {
		t.Fatalf("Handle() = %v, want %v", err, hour.ErrPastHour)
	}
	f.assertAvailability(t, at(27, 10), hour.Available)
}

func TestOnlyTheTrainerChangesTheCalendar(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	attendee := command.Actor{UUID: "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e", Role: command.RoleAttendee}
	service := command.Actor{UUID: "training", Role: command.RoleService}
	offer := func(a command.Actor, hours ...time.Time) func(fixture) error {
		return func(f fixture) error {
			return f.available.Handle(ctx, command.MakeHoursAvailable{Actor: a, Hours: hours})
		}
	}
	withdraw := func(a command.Actor, hours ...time.Time) func(fixture) error {
		return func(f fixture) error {
			return f.unavailable.Handle(ctx, command.MakeHoursUnavailable{Actor: a, Hours: hours})
		}
	}
	tests := []struct {
		name string
		// offered starts from an hour the trainer offered, so a refused withdrawal shows it kept.
		offered bool
		run     func(fixture) error
		want    error
		after   hour.Availability
	}{
		{"attendee offers", false, offer(attendee, at(27, 10)), command.ErrTrainerOnly, hour.NotAvailable},
		{"service offers", false, offer(service, at(27, 10)), command.ErrTrainerOnly, hour.NotAvailable},
		{"nobody offers", false, offer(command.Actor{}, at(27, 10)), command.ErrTrainerOnly, hour.NotAvailable},
		{"trainer role without uuid offers", false, offer(command.Actor{Role: command.RoleTrainer}, at(27, 10)), command.ErrTrainerOnly, hour.NotAvailable},
		{"attendee offers a past hour: forbidden before invalid", false, offer(attendee, at(27, 10), at(25, 10)), command.ErrTrainerOnly, hour.NotAvailable},
		{"attendee offers no hours: forbidden before invalid", false, offer(attendee), command.ErrTrainerOnly, hour.NotAvailable},
		{"attendee withdraws", true, withdraw(attendee, at(27, 10)), command.ErrTrainerOnly, hour.Available},
		{"trainer offers", false, offer(trainer, at(27, 10)), nil, hour.Available},
		{"trainer withdraws", true, withdraw(trainer, at(27, 10)), nil, hour.NotAvailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.offered {
				if err := offer(trainer, at(27, 10))(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.run(f); !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			f.assertAvailability(t, at(27, 10), tt.after)
		})
	}
}

var operations atomic.Int64

// nextOperation is a new operation id: each call in these tests is a change of its own.
func nextOperation() string { return fmt.Sprintf("test/%d", operations.Add(1)) }
