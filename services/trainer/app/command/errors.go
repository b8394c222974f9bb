// Package command holds the trainer service's commands, one use case per file.
package command

import "github.com/kratos-monorepo/monorepo/libs/errs"

var (
	// ErrNoHours rejects a request to change no hours at all, which is always a client's mistake.
	ErrNoHours = errs.Invalid("no-hours-given", "at least one hour must be given")
	// ErrTooManyHours rejects a request changing more hours than hours.max_per_request: they
	// are changed in one transaction, and a huge one would hold the trainer's lock for long.
	ErrTooManyHours = errs.Invalid("too-many-hours", "too many hours in one request; send them in smaller batches")
	// ErrTrainerOnly answers anyone but the trainer asking to change the calendar.
	ErrTrainerOnly = errs.Forbidden("trainer-only", "only the trainer may change the calendar")
)
