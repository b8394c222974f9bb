// Package query answers reads from read models: plain structs shaped for the caller, with no
// domain entities, so reads never load or lock aggregates (CQRS).
package query

import "time"

// Training is one row of a training list.
type Training struct {
	UUID     string
	UserUUID string
	UserName string
	Time     time.Time
	Notes    string

	// ProposedTime and ProposedBy ("trainer" or "attendee") are nil without a pending proposal.
	ProposedTime *time.Time
	ProposedBy   *string

	// CanBeCancelledForFree: at least 24 h remain, so cancelling returns the credit and the
	// training may be moved directly.
	CanBeCancelledForFree bool

	// Pending: a change of this training (its booking, cancellation or move) is recorded but not
	// yet completed in the other services. The fields show the training as it was before that
	// change; a pending booking is listed so the attendee sees it, and it disappears if the booking
	// is refused in the end.
	Pending bool
}
