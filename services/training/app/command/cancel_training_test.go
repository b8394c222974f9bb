package command_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestCancelTraining(t *testing.T) {
	t.Parallel()
	errUserServiceDown := errors.New("user service unreachable")
	tests := []struct {
		name        string
		at          time.Time // training time; now is fixed
		uuid        string
		by          training.User
		prepare     func(e *env)
		wantErr     error
		wantBalance int // ann starts with 3
	}{
		{name: "attendee, a day ahead: credit back", at: dayLater, by: ann, wantBalance: 4},
		{name: "trainer, a week ahead: credit back", at: weekLater, by: trainer, wantBalance: 4},
		{name: "attendee, an hour ahead: forfeited", at: hourLater, by: ann, wantBalance: 3},
		{name: "trainer, an hour ahead: credit back plus one", at: hourLater, by: trainer, wantBalance: 5},
		{name: "another attendee", at: weekLater, by: bob, wantErr: training.ErrNotYourTraining, wantBalance: 3},
		{name: "unknown uuid", at: weekLater, uuid: "nope", by: ann, wantErr: training.ErrTrainingNotFound, wantBalance: 3},
		{name: "user service down: hour reserved again", at: weekLater, by: ann,
			prepare: func(e *env) { e.users.FailCredits(errUserServiceDown) },
			wantErr: errUserServiceDown, wantBalance: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(3)
			before := e.booked(t, tt.at)
			if tt.prepare != nil {
				tt.prepare(e)
			}
			h := command.NewCancelTrainingHandler(e.repo, e.users, e.trainers, clock, nil, nil)

			err := h.Handle(ctx, command.CancelTraining{TrainingUUID: or(tt.uuid, "t-1"), User: tt.by})

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := e.users.Balance(ann.UUID()); got != tt.wantBalance {
				t.Errorf("balance = %d, want %d", got, tt.wantBalance)
			}
			wantHour, stored := available, e.stored("t-1")
			if err != nil {
				wantHour = scheduled
				if stored != before {
					t.Errorf("storage changed by a failed cancel: %+v", stored)
				}
			} else if !stored.Canceled {
				t.Error("training not canceled")
			}
			if got := e.trainers.State(tt.at); got != wantHour {
				t.Errorf("hour = %q, want %q", got, wantHour)
			}
		})
	}
}

func TestCancelTrainingTwiceFailsAndPaysOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(0)
	e.booked(t, weekLater)
	h := command.NewCancelTrainingHandler(e.repo, e.users, e.trainers, clock, nil, nil)

	if err := h.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: ann}); err != nil {
		t.Fatal(err)
	}
	err := h.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: ann})

	if !errors.Is(err, training.ErrTrainingCanceled) {
		t.Fatalf("err = %v, want %v", err, training.ErrTrainingCanceled)
	}
	if got := e.users.Balance(ann.UUID()); got != 1 {
		t.Errorf("balance = %d, want 1", got)
	}
}

func TestCancelTrainingUndoesServicesWhenCommitFails(t *testing.T) {
	t.Parallel()
	e := newEnv(3)
	before := e.booked(t, hourLater)
	h := command.NewCancelTrainingHandler(failingCommits{e.repo}, e.users, e.trainers, clock, nil, nil)

	err := h.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: trainer})

	if !errors.Is(err, errCommitFailed) {
		t.Fatalf("err = %v, want %v", err, errCommitFailed)
	}
	if got := e.users.Balance(ann.UUID()); got != 3 {
		t.Errorf("balance = %d, want 3 (the +2 undone)", got)
	}
	if got := e.trainers.State(hourLater); got != scheduled {
		t.Errorf("hour = %q, want it scheduled again", got)
	}
	if got := e.stored("t-1"); got != before {
		t.Errorf("stored = %+v", got)
	}
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
