// Package query holds the trainer service's queries, one use case per file. The calendar reads
// through CalendarReadModel and skips the hour aggregate: reading needs no rules.
package query

import "github.com/kratos-monorepo/monorepo/libs/errs"

// MaxCalendarDays bounds one calendar request, so that a client cannot ask for years of hours.
const MaxCalendarDays = 62

// Errors for calendar requests.
var (
	ErrDateRangeReversed = errs.Invalid("date-range-reversed", "the range ends before it starts")
	ErrDateRangeTooLong  = errs.Invalid("date-range-too-long", "the range spans more than 62 days")
)
