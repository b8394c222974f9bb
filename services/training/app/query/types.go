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
}
