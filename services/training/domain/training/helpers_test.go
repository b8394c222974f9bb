package training_test

import (
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var (
	// now is the fixed clock of every domain test: the rules take time as an argument.
	now      = time.Date(2030, 5, 6, 10, 0, 0, 0, time.UTC)
	owner    = training.MustNewUser("attendee-1", training.Attendee)
	stranger = training.MustNewUser("attendee-2", training.Attendee)
	trainer  = training.MustNewUser("trainer-1", training.Trainer)
)

// newTraining starts a training of owner that begins `in` after now.
func newTraining(t *testing.T, in time.Duration) *training.Training {
	t.Helper()
	tr, err := training.NewTraining("training-1", owner.UUID(), "Ann", now.Add(in))
	if err != nil {
		t.Fatalf("NewTraining: %v", err)
	}
	return tr
}

// proposed returns a training of owner with a pending proposal by side `by`.
func proposed(t *testing.T, by training.User, newTime time.Time) *training.Training {
	t.Helper()
	tr := newTraining(t, 2*time.Hour)
	if err := tr.ProposeReschedule(by, newTime); err != nil {
		t.Fatalf("ProposeReschedule: %v", err)
	}
	return tr
}

func canceled(t *testing.T) *training.Training {
	t.Helper()
	tr := newTraining(t, 48*time.Hour)
	if _, err := tr.Cancel(owner, now); err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	return tr
}
