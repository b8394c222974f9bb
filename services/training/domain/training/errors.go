package training

import "github.com/kratos-monorepo/monorepo/libs/errs"

// The training rules' errors. Reasons are part of the API: clients switch on them, so they
// never change once published.
var (
	ErrMissingTrainingUUID = errs.Invalid("missing-training-uuid", "the training uuid is empty")
	ErrMissingUserUUID     = errs.Invalid("missing-user-uuid", "the user uuid is empty")
	ErrMissingUserName     = errs.Invalid("missing-user-name", "the user name is empty")
	ErrMissingTrainingTime = errs.Invalid("missing-training-time", "the training time is zero")
	ErrUnknownUserType     = errs.Invalid("unknown-user-type", "the user type is neither trainer nor attendee")
	ErrNoteTooLong         = errs.Invalid("note-too-long", "the note is longer than 1000 characters")
	ErrNoteNotText         = errs.Invalid("note-not-text", "the note is not UTF-8 text or contains a NUL character")

	ErrTrainingNotFound   = errs.NotFound("training-not-found", "the training does not exist")
	ErrTrainingExists     = errs.Conflict("training-already-exists", "a training with this uuid already exists")
	ErrNotYourTraining    = errs.Forbidden("not-your-training", "an attendee may only see and change their own trainings")
	ErrAttendeeOnly       = errs.Forbidden("attendee-only", "only an attendee may do this")
	ErrTrainerOnly        = errs.Forbidden("trainer-only", "only the trainer may do this")
	ErrTrainingCanceled   = errs.Conflict("training-canceled", "the training is canceled")
	ErrRescheduleTooLate  = errs.Conflict("reschedule-too-late", "less than 24 hours remain: propose a new time instead")
	ErrNoProposal         = errs.Conflict("no-proposal", "no new time has been proposed for the training")
	ErrProposalBySameSide = errs.Forbidden("proposal-by-same-side", "the side that proposed a new time cannot answer its own proposal")
)

// ErrChangeInProgress refuses a change of a training while an earlier one is still being carried
// out in the other services (a booking, cancellation or move, see app/command's Operation).
var ErrChangeInProgress = errs.Conflict("change-in-progress",
	"an earlier change of this training is still being completed; try again shortly")
