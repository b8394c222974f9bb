package command_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestScheduleTraining(t *testing.T) {
	t.Parallel()
	errUserServiceDown := errors.New("user service unreachable")
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
		{name: "storing fails: hour released and credit given back", balance: 1, at: weekLater, user: ann,
			prepare: func(t *testing.T, e *env) { e.booked(t, freeHour) }, // takes uuid t-1 at another hour
			wantErr: training.ErrTrainingExists, wantBalance: 1, wantHour: available},
		{name: "note too long: nothing touched", balance: 1, at: weekLater, user: ann, notes: longNote,
			wantErr: training.ErrNoteTooLong, wantBalance: 1, wantHour: available},
		{name: "trainer cannot book", balance: 1, at: weekLater, user: trainer,
			wantErr: training.ErrAttendeeOnly, wantBalance: 1, wantHour: available},
		{name: "user service down: nothing touched", balance: 1, at: weekLater, user: ann,
			prepare: func(t *testing.T, e *env) { e.users.FailDebits(errUserServiceDown) },
			wantErr: errUserServiceDown, wantBalance: 1, wantHour: available},
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
			h := command.NewScheduleTrainingHandler(e.repo, e.users, e.trainers, nil, nil)

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

func TestScheduleTrainingReportsAFailedUndoAsInternal(t *testing.T) {
	t.Parallel()
	e := newEnv(1)
	errRefund := errors.New("user service unreachable")
	e.users.FailCredits(errRefund)
	h := command.NewScheduleTrainingHandler(e.repo, e.users, e.trainers, nil, nil)

	err := h.Handle(ctx, command.ScheduleTraining{
		TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: now.Add(100 * time.Hour),
	})

	// the credit is gone and could not be given back: that needs an operator, not a retry
	if got := errs.ReasonOf(err); got != "undo-failed" || errs.KindOf(err) != errs.KindInternal {
		t.Errorf("reason = %q, kind = %v; want undo-failed, internal", got, errs.KindOf(err))
	}
	if !errors.Is(err, command.ErrHourNotAvailable) || !errors.Is(err, errRefund) {
		t.Errorf("err = %v; want both the cause and the failed refund in it", err)
	}
	if got := e.users.Balance(ann.UUID()); got != 0 {
		t.Errorf("balance = %d; the double refused the refund, so 0", got)
	}
}

// cancelingTrainers stands for a client that hangs up while the hour is being reserved.
type cancelingTrainers struct {
	command.TrainerService
	cancel context.CancelFunc
}

func (c cancelingTrainers) ScheduleTraining(ctx context.Context, _ time.Time) error {
	c.cancel()
	return ctx.Err()
}

func TestScheduleTrainingGivesTheCreditBackEvenWhenTheCallerHungUp(t *testing.T) {
	t.Parallel()
	e := newEnv(1)
	callCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := command.NewScheduleTrainingHandler(e.repo, e.users, cancelingTrainers{e.trainers, cancel}, nil, nil)

	err := h.Handle(callCtx, command.ScheduleTraining{TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: weekLater})

	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := e.users.Balance(ann.UUID()); got != 1 {
		t.Errorf("balance = %d, want the credit given back", got)
	}
}
