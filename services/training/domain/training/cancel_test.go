package training_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestCancelReturnsBalanceDelta(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    time.Duration // how long before the training the cancel happens
		by    training.User
		delta int
	}{
		{"attendee, days before: credit back", 72 * time.Hour, owner, 1},
		{"attendee, exactly 24 h before: still free", 24 * time.Hour, owner, 1},
		{"trainer, exactly 24 h before: credit back only", 24 * time.Hour, trainer, 1},
		{"attendee, 1 ns under 24 h: forfeited", 24*time.Hour - 1, owner, 0},
		{"attendee, an hour before: forfeited", time.Hour, owner, 0},
		{"trainer, 1 ns under 24 h: credit back plus one", 24*time.Hour - 1, trainer, 2},
		{"trainer, an hour before: credit back plus one", time.Hour, trainer, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := newTraining(t, tt.in)

			delta, err := tr.Cancel(tt.by, now)

			if err != nil {
				t.Fatal(err)
			}
			if delta != tt.delta {
				t.Errorf("delta = %d, want %d", delta, tt.delta)
			}
			if !tr.IsCanceled() {
				t.Error("training not canceled")
			}
		})
	}
}

func TestCancelRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tr   func(t *testing.T) *training.Training
		by   training.User
		want error
	}{
		{"twice", canceled, owner, training.ErrTrainingCanceled},
		{"another attendee's training", func(t *testing.T) *training.Training { return newTraining(t, 48*time.Hour) }, stranger, training.ErrNotYourTraining},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := tt.tr(t)
			before := tr.Marshal()

			delta, err := tr.Cancel(tt.by, now)

			if !errors.Is(err, tt.want) || delta != 0 {
				t.Fatalf("Cancel = %d, %v; want 0, %v", delta, err, tt.want)
			}
			if tr.Marshal() != before {
				t.Errorf("a refused cancel changed the training: %+v", tr.Marshal())
			}
		})
	}
}

func TestCancelDropsPendingProposal(t *testing.T) {
	t.Parallel()
	tr := proposed(t, owner, now.Add(96*time.Hour))

	if _, err := tr.Cancel(trainer, now); err != nil {
		t.Fatal(err)
	}
	if tr.IsRescheduleProposed() {
		t.Error("a canceled training still has a proposal to approve")
	}
}
