package training_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestNewTrainingRejectsMissingFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                     string
		uuid, userUUID, userName string
		at                       time.Time
		want                     error
	}{
		{"no uuid", "", "u", "Ann", now, training.ErrMissingTrainingUUID},
		{"no user uuid", "t", "", "Ann", now, training.ErrMissingUserUUID},
		{"no user name", "t", "u", "", now, training.ErrMissingUserName},
		{"no time", "t", "u", "Ann", time.Time{}, training.ErrMissingTrainingTime},
		{"complete", "t", "u", "Ann", now, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr, err := training.NewTraining(tt.uuid, tt.userUUID, tt.userName, tt.at)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && (tr.UUID() != "t" || tr.UserUUID() != "u" || tr.UserName() != "Ann" || !tr.Time().Equal(now)) {
				t.Errorf("fields not kept: %+v", tr.Marshal())
			}
		})
	}
}

func TestUpdateNotesAllowsAtMost1000Characters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		notes string
		want  error
	}{
		{"empty", "", nil},
		{"1000 ascii", strings.Repeat("a", 1000), nil},
		{"1000 multi-byte characters", strings.Repeat("é", 1000), nil},
		{"1001 ascii", strings.Repeat("a", 1001), training.ErrNoteTooLong},
		{"1001 multi-byte characters", strings.Repeat("训", 1001), training.ErrNoteTooLong},
		{"a NUL character", "legs\x00arms", training.ErrNoteNotText},
		{"not UTF-8", "legs\xff", training.ErrNoteNotText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := newTraining(t, time.Hour)
			_ = tr.UpdateNotes("old")

			err := tr.UpdateNotes(tt.notes)

			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			want := tt.notes
			if err != nil {
				want = "old" // a rejected note leaves the old one in place
			}
			if tr.Notes() != want {
				t.Errorf("notes have %d characters, want %d", len([]rune(tr.Notes())), len([]rune(want)))
			}
		})
	}
}

func TestErrorsCarryStableReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    error
		reason string
		kind   errs.Kind
	}{
		{training.ErrNoteTooLong, "note-too-long", errs.KindInvalid},
		{training.ErrNoteNotText, "note-not-text", errs.KindInvalid},
		{training.ErrTrainingNotFound, "training-not-found", errs.KindNotFound},
		{training.ErrNotYourTraining, "not-your-training", errs.KindForbidden},
		{training.ErrRescheduleTooLate, "reschedule-too-late", errs.KindConflict},
		{training.ErrProposalBySameSide, "proposal-by-same-side", errs.KindForbidden},
		{training.ErrNoProposal, "no-proposal", errs.KindConflict},
		{training.ErrTrainingCanceled, "training-canceled", errs.KindConflict},
		{training.ErrTrainerOnly, "trainer-only", errs.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			t.Parallel()
			if got := errs.ReasonOf(tt.err); got != tt.reason {
				t.Errorf("reason = %q, want %q", got, tt.reason)
			}
			if got := errs.KindOf(tt.err); got != tt.kind {
				t.Errorf("kind = %v, want %v", got, tt.kind)
			}
		})
	}
}

func TestStorageRoundTripKeepsEveryField(t *testing.T) {
	t.Parallel()
	tr := proposed(t, trainer, now.Add(72*time.Hour))
	_ = tr.UpdateNotes("bring water")

	back, err := training.UnmarshalFromStorage(tr.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if back.Marshal() != tr.Marshal() {
		t.Errorf("round trip = %+v, want %+v", back.Marshal(), tr.Marshal())
	}
	if back.ProposedBy() != training.Trainer || !back.IsRescheduleProposed() {
		t.Errorf("proposal lost: by %q", back.ProposedBy())
	}

	bad := tr.Marshal()
	bad.ProposedBy = "coach"
	if _, err := training.UnmarshalFromStorage(bad); !errors.Is(err, training.ErrUnknownUserType) {
		t.Errorf("unknown proposer: err = %v", err)
	}
}
