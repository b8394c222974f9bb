package command_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestScheduleTraining(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		balance     int
		at          time.Time
		user        training.User
		notes       string
		prepare     func(t *testing.T, e *env)
		wantErr     error
		wantBalance int
		wantHour    apptest.HourState // state of `at` afterwards
	}{
		{name: "books the hour and takes a credit", balance: 2, at: weekLater, user: ann, notes: "first time",
			wantBalance: 1, wantHour: scheduled},
		{name: "balance 0: no hour reserved", balance: 0, at: weekLater, user: ann,
			wantErr: command.ErrBalanceTooLow, wantBalance: 0, wantHour: available},
		{name: "hour not published: credit given back", balance: 1, at: now.Add(100 * time.Hour), user: ann,
			wantErr: command.ErrHourNotAvailable, wantBalance: 1, wantHour: unknown},
		{name: "hour taken: credit given back", balance: 1, at: weekLater, user: ann,
			prepare: func(t *testing.T, e *env) { e.trainers.Set(weekLater, scheduled) },
			wantErr: command.ErrHourNotAvailable, wantBalance: 1, wantHour: scheduled},
		{name: "uuid taken: nothing touched", balance: 1, at: weekLater, user: ann,
			prepare: func(t *testing.T, e *env) { e.booked(t, freeHour) }, // takes uuid t-1 at another hour
			wantErr: training.ErrTrainingExists, wantBalance: 1, wantHour: available},
		{name: "note too long: nothing touched", balance: 1, at: weekLater, user: ann, notes: longNote,
			wantErr: training.ErrNoteTooLong, wantBalance: 1, wantHour: available},
		{name: "trainer cannot book", balance: 1, at: weekLater, user: trainer,
			wantErr: training.ErrAttendeeOnly, wantBalance: 1, wantHour: available},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(tt.balance)
			before := training.Stored{}
			if tt.prepare != nil {
				tt.prepare(t, e)
				before = e.stored("t-1")
			}
			h := command.NewScheduleTrainingHandler(e.saga, nil, nil)

			err := h.Handle(ctx, command.ScheduleTraining{
				TrainingUUID: "t-1", User: tt.user, UserName: "Ann", TrainingTime: tt.at, Notes: tt.notes,
			})

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := e.users.Balance(ann.UUID()); got != tt.wantBalance {
				t.Errorf("balance = %d, want %d", got, tt.wantBalance)
			}
			if got := e.trainers.State(tt.at); got != tt.wantHour {
				t.Errorf("hour = %q, want %q", got, tt.wantHour)
			}
			got := e.stored("t-1")
			if err != nil {
				if got != before {
					t.Errorf("storage changed by a failed booking: %+v", got)
				}
				return
			}
			if got.UserUUID != ann.UUID() || !got.Time.Equal(tt.at) || got.Notes != tt.notes || got.Canceled {
				t.Errorf("stored = %+v", got)
			}
		})
	}
}

func TestScheduleTrainingWhileTheUserServiceIsDownIsPendingThenCompletes(t *testing.T) {
	t.Parallel()
	e := newEnv(1)
	e.users.FailDebits(errors.New("user service unreachable"))
	h := command.NewScheduleTrainingHandler(e.saga, nil, nil)

	err := h.Handle(ctx, command.ScheduleTraining{TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: weekLater})

	if !errors.Is(err, command.ErrChangePending) {
		t.Fatalf("err = %v, want pending", err)
	}
	if !e.pending(t, "t-1") || e.users.Balance(ann.UUID()) != 1 || e.trainers.State(weekLater) != available {
		t.Errorf("while pending: listed pending %v, balance %d, hour %q", e.pending(t, "t-1"),
			e.users.Balance(ann.UUID()), e.trainers.State(weekLater))
	}
	e.users.FailDebits(nil)
	e.recover(t)
	if e.pending(t, "t-1") || e.users.Balance(ann.UUID()) != 0 || e.trainers.State(weekLater) != scheduled {
		t.Errorf("after recovery: pending %v, balance %d, hour %q", e.pending(t, "t-1"),
			e.users.Balance(ann.UUID()), e.trainers.State(weekLater))
	}
}

func TestScheduleTrainingRefusedAnswersAtOnceAndRefundsWhenTheUserServiceAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(1)
	e.users.FailCredits(errors.New("user service unreachable"))
	h := command.NewScheduleTrainingHandler(e.saga, nil, nil)

	err := h.Handle(ctx, command.ScheduleTraining{
		TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: now.Add(100 * time.Hour),
	})

	// the booking is refused for good, whatever happens to the refund
	if !errors.Is(err, command.ErrHourNotAvailable) {
		t.Fatalf("err = %v, want %v", err, command.ErrHourNotAvailable)
	}
	if got := e.users.Balance(ann.UUID()); got != 0 {
		t.Errorf("balance = %d; the refund cannot have reached the user service yet", got)
	}
	e.users.FailCredits(nil)
	e.recover(t)
	if got := e.users.Balance(ann.UUID()); got != 1 {
		t.Errorf("balance after recovery = %d, want the credit back", got)
	}
	if got := e.stored("t-1"); got != (training.Stored{}) {
		t.Errorf("a refused booking left a training: %+v", got)
	}
}

func TestOperationsDrivenTwiceApplyOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(2)
	e.trainers.Fail(errors.New("trainer service unreachable"))
	h := command.NewScheduleTrainingHandler(e.saga, nil, nil)
	if err := h.Handle(ctx, command.ScheduleTraining{TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: weekLater}); !errors.Is(err, command.ErrChangePending) {
		t.Fatalf("err = %v, want pending", err)
	}
	e.trainers.Fail(nil)
	ops, err := e.repo.Unfinished(ctx)
	if err != nil || len(ops) != 1 {
		t.Fatalf("unfinished = %v, %v", ops, err)
	}
	// Two drivers at once, as after a takeover of an operation whose first driver still runs.
	copyOf := *ops[0]
	done := make(chan error, 2)
	go func() { done <- e.saga.Run(ctx, ops[0]) }()
	go func() { done <- e.saga.Run(ctx, &copyOf) }()
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if got := e.users.Balance(ann.UUID()); got != 1 {
		t.Errorf("balance = %d, want 1: one debit however many drivers", got)
	}
	if e.trainers.State(weekLater) != scheduled || e.pending(t, "t-1") {
		t.Errorf("hour %q, pending %v", e.trainers.State(weekLater), e.pending(t, "t-1"))
	}
}

func TestScheduleTrainingCompletesEvenWhenTheCallerHungUp(t *testing.T) {
	t.Parallel()
	e := newEnv(1)
	callCtx, cancel := context.WithCancel(ctx)
	cancel()
	h := command.NewScheduleTrainingHandler(e.saga, nil, nil)

	err := h.Handle(callCtx, command.ScheduleTraining{TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: weekLater})

	// The request was recorded before the caller left; the steps run on the saga's own time.
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if e.users.Balance(ann.UUID()) != 0 || e.trainers.State(weekLater) != scheduled {
		t.Errorf("balance %d, hour %q", e.users.Balance(ann.UUID()), e.trainers.State(weekLater))
	}
}
