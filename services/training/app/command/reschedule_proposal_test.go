package command_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// TestRescheduleProposal walks the late way to move a training: one side proposes, the
// other approves or rejects.
func TestRescheduleProposal(t *testing.T) {
	t.Parallel()
	type step func(e *env, h handlers) error
	propose := func(by training.User, at time.Time, notes *string) step {
		return func(_ *env, h handlers) error {
			return h.request.Handle(ctx, command.RequestTrainingReschedule{TrainingUUID: "t-1", User: by, NewTime: at, NewNotes: notes})
		}
	}
	approve := func(by training.User) step {
		return func(_ *env, h handlers) error {
			return h.approve.Handle(ctx, command.ApproveTrainingReschedule{TrainingUUID: "t-1", User: by})
		}
	}
	reject := func(by training.User) step {
		return func(_ *env, h handlers) error {
			return h.reject.Handle(ctx, command.RejectTrainingReschedule{TrainingUUID: "t-1", User: by})
		}
	}
	tests := []struct {
		name         string
		before       []step // must succeed
		last         step
		wantErr      error
		wantTime     time.Time // training time afterwards; it starts at hourLater
		wantProposal bool
		wantNotes    *string // nil: the notes stay "first notes"
	}{
		{name: "attendee proposes", last: propose(ann, freeHour, ptr("later please")),
			wantTime: hourLater, wantProposal: true, wantNotes: ptr("later please")},
		{name: "proposal with too long note", last: propose(ann, freeHour, &longNote),
			wantErr: training.ErrNoteTooLong, wantTime: hourLater},
		{name: "another attendee proposes", last: propose(bob, freeHour, nil),
			wantErr: training.ErrNotYourTraining, wantTime: hourLater},
		{name: "proposal with empty note clears the notes", last: propose(ann, freeHour, ptr("")),
			wantTime: hourLater, wantProposal: true, wantNotes: ptr("")},
		{name: "trainer approves attendee's proposal", before: []step{propose(ann, freeHour, nil)}, last: approve(trainer),
			wantTime: freeHour},
		{name: "attendee approves trainer's proposal", before: []step{propose(trainer, freeHour, nil)}, last: approve(ann),
			wantTime: freeHour},
		{name: "attendee approves own proposal", before: []step{propose(ann, freeHour, nil)}, last: approve(ann),
			wantErr: training.ErrProposalBySameSide, wantTime: hourLater, wantProposal: true},
		{name: "approve a time the trainer has not published", before: []step{propose(ann, now.Add(50*time.Hour), nil)}, last: approve(trainer),
			wantErr: command.ErrHourNotAvailable, wantTime: hourLater, wantProposal: true},
		{name: "approve without proposal", last: approve(trainer),
			wantErr: training.ErrNoProposal, wantTime: hourLater},
		{name: "trainer rejects", before: []step{propose(ann, freeHour, nil)}, last: reject(trainer),
			wantTime: hourLater},
		{name: "attendee rejects own proposal", before: []step{propose(ann, freeHour, nil)}, last: reject(ann),
			wantErr: training.ErrProposalBySameSide, wantTime: hourLater, wantProposal: true},
		{name: "reject without proposal", last: reject(ann),
			wantErr: training.ErrNoProposal, wantTime: hourLater},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(0)
			e.booked(t, hourLater)
			h := newHandlers(e)
			for _, s := range tt.before {
				if err := s(e, h); err != nil {
					t.Fatal(err)
				}
			}
			freeHourBefore := e.trainers.State(freeHour)

			err := tt.last(e, h)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			got := e.stored("t-1")
			if !got.Time.Equal(tt.wantTime) || (got.ProposedBy != "") != tt.wantProposal {
				t.Errorf("stored = %+v, want time %v, proposal pending %v", got, tt.wantTime, tt.wantProposal)
			}
			wantNotes := "first notes"
			if tt.wantNotes != nil {
				wantNotes = *tt.wantNotes
			}
			if got.Notes != wantNotes {
				t.Errorf("notes = %q, want %q", got.Notes, wantNotes)
			}
			// the calendar follows the training: its hour taken, any other hour as it was
			if e.trainers.State(tt.wantTime) != scheduled {
				t.Errorf("hour of the training not scheduled")
			}
			if tt.wantTime.Equal(freeHour) {
				if e.trainers.State(hourLater) != available {
					t.Errorf("old hour not freed after the move")
				}
			} else if e.trainers.State(freeHour) != freeHourBefore {
				t.Errorf("free hour changed without a move")
			}
		})
	}
}

type handlers struct {
	request decorator.CommandHandler[command.RequestTrainingReschedule]
	approve decorator.CommandHandler[command.ApproveTrainingReschedule]
	reject  decorator.CommandHandler[command.RejectTrainingReschedule]
}

func newHandlers(e *env) handlers {
	return handlers{
		request: command.NewRequestTrainingRescheduleHandler(e.repo, nil, nil),
		approve: command.NewApproveTrainingRescheduleHandler(e.saga, nil, nil),
		reject:  command.NewRejectTrainingRescheduleHandler(e.repo, nil, nil),
	}
}
