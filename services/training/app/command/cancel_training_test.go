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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(3)
			before := e.booked(t, tt.at)
			if tt.prepare != nil {
				tt.prepare(e)
			}
			h := command.NewCancelTrainingHandler(e.saga, clock, nil, nil)

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
	h := command.NewCancelTrainingHandler(e.saga, clock, nil, nil)

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

func TestCancelTrainingCompletesOnceTheUserServiceAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(3)
	before := e.booked(t, hourLater)
	e.users.FailCredits(errors.New("user service unreachable"))
	h := command.NewCancelTrainingHandler(e.saga, clock, nil, nil)

	err := h.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: trainer})

	if !errors.Is(err, command.ErrChangePending) {
		t.Fatalf("err = %v, want pending", err)
	}
	if got := e.stored("t-1"); got != before || !e.pending(t, "t-1") {
		t.Errorf("while pending: stored = %+v (want as before), pending = %v", got, e.pending(t, "t-1"))
	}
	again := h.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: ann})
	if !errors.Is(again, training.ErrChangeInProgress) {
		t.Errorf("second change while pending: err = %v, want %v", again, training.ErrChangeInProgress)
	}

	e.users.FailCredits(nil)
	e.recover(t)
	if !e.stored("t-1").Canceled {
		t.Error("training not canceled after recovery")
	}
	if got := e.users.Balance(ann.UUID()); got != 5 {
		t.Errorf("balance = %d, want 5 (late cancel by the trainer: +2, paid once)", got)
	}
	if got := e.trainers.State(hourLater); got != available {
		t.Errorf("hour = %q, want available", got)
	}
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
