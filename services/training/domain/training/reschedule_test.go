package training_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var newTime = now.Add(7 * 24 * time.Hour)

func TestRescheduleTrainingOnlyWith24HoursLeft(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   time.Duration
		by   training.User
		want error
	}{
		{"attendee, 2 days before", 48 * time.Hour, owner, nil},
		{"trainer, exactly 24 h before", 24 * time.Hour, trainer, nil},
		{"attendee, 1 ns under 24 h", 24*time.Hour - 1, owner, training.ErrRescheduleTooLate},
		{"trainer, an hour before", time.Hour, trainer, training.ErrRescheduleTooLate},
		{"another attendee", 48 * time.Hour, stranger, training.ErrNotYourTraining},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := newTraining(t, tt.in)
			before := tr.Marshal()

			err := tr.RescheduleTraining(tt.by, newTime, now)

			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			want := before.Time
			if err == nil {
				want = newTime
			}
			if !tr.Time().Equal(want) {
				t.Errorf("time = %v, want %v", tr.Time(), want)
			}
		})
	}
}

func TestRescheduleTrainingSettlesPendingProposal(t *testing.T) {
	t.Parallel()
	tr := newTraining(t, 48*time.Hour)
	_ = tr.ProposeReschedule(trainer, now.Add(100*time.Hour))

	if err := tr.RescheduleTraining(owner, newTime, now); err != nil {
		t.Fatal(err)
	}
	if tr.IsRescheduleProposed() {
		t.Error("proposal still pending after a direct move")
	}
}

func TestProposeRescheduleIsAllowedLate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		by   training.User
	}{
		{"attendee", owner},
		{"trainer", trainer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := newTraining(t, time.Hour) // too late to move directly
			old := tr.Time()

			if err := tr.ProposeReschedule(tt.by, newTime); err != nil {
				t.Fatal(err)
			}
			if !tr.ProposedNewTime().Equal(newTime) || tr.ProposedBy() != tt.by.Type() {
				t.Errorf("proposal = %v by %v", tr.ProposedNewTime(), tr.ProposedBy())
			}
			if !tr.Time().Equal(old) {
				t.Error("a proposal moved the training before approval")
			}
		})
	}
}

func TestAnotherAttendeeCannotPropose(t *testing.T) {
	t.Parallel()
	tr := newTraining(t, time.Hour)
	if err := tr.ProposeReschedule(stranger, newTime); !errors.Is(err, training.ErrNotYourTraining) {
		t.Fatalf("err = %v, want %v", err, training.ErrNotYourTraining)
	}
	if tr.IsRescheduleProposed() {
		t.Error("a refused proposal is pending")
	}
}

func TestAnswerProposal(t *testing.T) {
	t.Parallel()
	type answer func(tr *training.Training, u training.User) error
	approve := func(tr *training.Training, u training.User) error { return tr.ApproveReschedule(u) }
	reject := func(tr *training.Training, u training.User) error { return tr.RejectReschedule(u) }
	tests := []struct {
		name     string
		tr       func(t *testing.T) *training.Training
		answer   answer
		by       training.User
		want     error
		wantTime time.Time // training time afterwards
	}{
		{"trainer approves attendee's proposal", proposedBy(owner), approve, trainer, nil, newTime},
		{"attendee approves trainer's proposal", proposedBy(trainer), approve, owner, nil, newTime},
		{"attendee approves own proposal", proposedBy(owner), approve, owner, training.ErrProposalBySameSide, originalTime},
		{"trainer approves own proposal", proposedBy(trainer), approve, trainer, training.ErrProposalBySameSide, originalTime},
		{"another attendee approves", proposedBy(trainer), approve, stranger, training.ErrNotYourTraining, originalTime},
		{"approve without proposal", noProposal, approve, trainer, training.ErrNoProposal, originalTime},
		{"trainer rejects attendee's proposal", proposedBy(owner), reject, trainer, nil, originalTime},
		{"attendee rejects trainer's proposal", proposedBy(trainer), reject, owner, nil, originalTime},
		{"attendee rejects own proposal", proposedBy(owner), reject, owner, training.ErrProposalBySameSide, originalTime},
		{"reject without proposal", noProposal, reject, owner, training.ErrNoProposal, originalTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := tt.tr(t)
			hadProposal := tr.IsRescheduleProposed()

			err := tt.answer(tr, tt.by)

			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !tr.Time().Equal(tt.wantTime) {
				t.Errorf("time = %v, want %v", tr.Time(), tt.wantTime)
			}
			// Answering clears the proposal; a refused answer keeps it.
			if wantPending := hadProposal && err != nil; tr.IsRescheduleProposed() != wantPending {
				t.Errorf("proposal pending = %v, want %v", tr.IsRescheduleProposed(), wantPending)
			}
		})
	}
}

func TestCanceledTrainingCannotBeMoved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(tr *training.Training) error
	}{
		{"reschedule", func(tr *training.Training) error { return tr.RescheduleTraining(owner, newTime, now) }},
		{"propose", func(tr *training.Training) error { return tr.ProposeReschedule(owner, newTime) }},
		{"approve", func(tr *training.Training) error { return tr.ApproveReschedule(trainer) }},
		{"reject", func(tr *training.Training) error { return tr.RejectReschedule(trainer) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := canceled(t)
			before := tr.Marshal()
			if err := tt.change(tr); !errors.Is(err, training.ErrTrainingCanceled) {
				t.Fatalf("err = %v, want %v", err, training.ErrTrainingCanceled)
			}
			if tr.Marshal() != before {
				t.Error("a refused change altered the canceled training")
			}
		})
	}
}

// originalTime is the time of the trainings built by proposedBy and noProposal.
var originalTime = now.Add(2 * time.Hour)

func proposedBy(u training.User) func(t *testing.T) *training.Training {
	return func(t *testing.T) *training.Training { return proposed(t, u, newTime) }
}

func noProposal(t *testing.T) *training.Training { return newTraining(t, 2*time.Hour) }

func TestCounterProposalReplacesThePendingOne(t *testing.T) {
	t.Parallel()
	counter := now.Add(9 * 24 * time.Hour)
	tr := proposed(t, owner, newTime)

	if err := tr.ProposeReschedule(trainer, counter); err != nil {
		t.Fatal(err)
	}
	if tr.ProposedBy() != training.Trainer || !tr.ProposedNewTime().Equal(counter) {
		t.Fatalf("proposal = %v by %v, want the trainer's counter-proposal", tr.ProposedNewTime(), tr.ProposedBy())
	}
	// now the attendee is the other side
	if err := tr.ApproveReschedule(trainer); !errors.Is(err, training.ErrProposalBySameSide) {
		t.Errorf("trainer approving own counter-proposal: err = %v", err)
	}
	if err := tr.ApproveReschedule(owner); err != nil || !tr.Time().Equal(counter) {
		t.Errorf("attendee approving: err = %v, time = %v", err, tr.Time())
	}
}

func TestMovingNeedsATime(t *testing.T) {
	t.Parallel()
	tr := newTraining(t, 48*time.Hour)
	if err := tr.RescheduleTraining(owner, time.Time{}, now); !errors.Is(err, training.ErrMissingTrainingTime) {
		t.Errorf("reschedule: err = %v", err)
	}
	if err := tr.ProposeReschedule(owner, time.Time{}); !errors.Is(err, training.ErrMissingTrainingTime) {
		t.Errorf("propose: err = %v", err)
	}
	if !tr.Time().Equal(now.Add(48*time.Hour)) || tr.IsRescheduleProposed() {
		t.Error("a refused move changed the training")
	}
}
