package command_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestRescheduleTraining(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		at      time.Time
		newTime time.Time
		by      training.User
		notes   *string
		uuid    string
		wantErr error
	}{
		{name: "attendee, a day ahead", at: dayLater, newTime: freeHour, by: ann, notes: ptr("moved")},
		{name: "trainer, a week ahead", at: weekLater, newTime: freeHour, by: trainer, notes: ptr("moved")},
		{name: "an hour ahead: too late", at: hourLater, newTime: freeHour, by: ann, wantErr: training.ErrRescheduleTooLate},
		{name: "new hour not available", at: dayLater, newTime: now.Add(30 * time.Hour), by: ann, wantErr: command.ErrHourNotAvailable},
		{name: "note too long", at: dayLater, newTime: freeHour, by: ann, notes: &longNote, wantErr: training.ErrNoteTooLong},
		{name: "another attendee", at: dayLater, newTime: freeHour, by: bob, wantErr: training.ErrNotYourTraining},
		{name: "unknown uuid", at: dayLater, newTime: freeHour, by: ann, uuid: "nope", wantErr: training.ErrTrainingNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(0)
			before := e.booked(t, tt.at)
			newHourBefore := e.trainers.State(tt.newTime)
			h := command.NewRescheduleTrainingHandler(e.saga, clock, nil, nil)

			err := h.Handle(ctx, command.RescheduleTraining{
				TrainingUUID: or(tt.uuid, "t-1"), User: tt.by, NewTime: tt.newTime, NewNotes: tt.notes,
			})

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			got := e.stored("t-1")
			if err != nil {
				assertUnchanged(t, e, before, tt.newTime, newHourBefore)
				return
			}
			if !got.Time.Equal(tt.newTime) || got.Notes != *tt.notes {
				t.Errorf("stored = %+v", got)
			}
			if e.trainers.State(tt.newTime) != scheduled || e.trainers.State(tt.at) != available {
				t.Errorf("calendar not moved: new %q, old %q", e.trainers.State(tt.newTime), e.trainers.State(tt.at))
			}
		})
	}
}

func TestRescheduleTrainingCompletesWhenTheEndIsNotRecordedAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(0)
	before := e.booked(t, weekLater)
	h := command.NewRescheduleTrainingHandler(withFailingFinish(e), clock, nil, nil)

	err := h.Handle(ctx, command.RescheduleTraining{TrainingUUID: "t-1", User: ann, NewTime: freeHour})

	if !errors.Is(err, command.ErrChangePending) || !errors.Is(err, errFinishFailed) {
		t.Fatalf("err = %v, want pending because of the failed finish", err)
	}
	if got := e.stored("t-1"); got != before || !e.pending(t, "t-1") {
		t.Errorf("while pending: stored = %+v (want as before), pending = %v", got, e.pending(t, "t-1"))
	}
	e.recover(t)
	if got := e.stored("t-1").Time; !got.Equal(freeHour) {
		t.Errorf("time after recovery = %v, want %v", got, freeHour)
	}
	if e.trainers.State(freeHour) != scheduled || e.trainers.State(weekLater) != available {
		t.Errorf("calendar: new %q, old %q", e.trainers.State(freeHour), e.trainers.State(weekLater))
	}
}

// assertUnchanged: the training is stored as before, its hour still taken, the new hour as it was.
func assertUnchanged(t *testing.T, e *env, before training.Stored, newTime time.Time, newHourBefore apptest.HourState) {
	t.Helper()
	if got := e.stored(before.UUID); got != before {
		t.Errorf("stored = %+v, want %+v", got, before)
	}
	if got := e.trainers.State(before.Time); got != scheduled {
		t.Errorf("old hour = %q, want %q", got, scheduled)
	}
	if got := e.trainers.State(newTime); got != newHourBefore {
		t.Errorf("new hour = %q, want %q", got, newHourBefore)
	}
}

func TestRescheduleTrainingKeepsNotesWhenNoneGiven(t *testing.T) {
	t.Parallel()
	e := newEnv(0)
	e.booked(t, weekLater)
	h := command.NewRescheduleTrainingHandler(e.saga, clock, nil, nil)

	if err := h.Handle(ctx, command.RescheduleTraining{TrainingUUID: "t-1", User: ann, NewTime: freeHour}); err != nil {
		t.Fatal(err)
	}
	if got := e.stored("t-1").Notes; got != "first notes" {
		t.Errorf("notes = %q, want them kept", got)
	}
}

func ptr(s string) *string { return &s }
