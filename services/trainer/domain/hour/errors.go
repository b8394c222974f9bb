package hour

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors for hours that break the calendar's rules; each rule has its own reason so clients can
// tell the trainer what to fix.
var (
	ErrNotFullHour         = errs.Invalid("hour-not-full", "an hour must start at minute 0 (UTC)")
	ErrPastHour            = errs.Invalid("hour-in-past", "the hour is in the past")
	ErrTooDistantHour      = errs.Invalid("hour-too-far-ahead", "the hour is too far in the future")
	ErrTooEarlyHour        = errs.Invalid("hour-too-early", "the hour is earlier than the trainer's earliest hour of the day")
	ErrTooLateHour         = errs.Invalid("hour-too-late", "the hour is later than the trainer's latest hour of the day")
	ErrUnknownAvailability = errs.Invalid("unknown-availability", "the availability is not one of available, not_available, training_scheduled")
)

// Errors for transitions the hour's current availability does not allow.
var (
	ErrHourNotAvailable    = errs.Conflict("hour-not-available", "the hour is not available for a training")
	ErrNoTrainingScheduled = errs.Conflict("no-training-scheduled", "no training is scheduled at this hour")
	ErrTrainingScheduled   = errs.Conflict("training-scheduled", "a training is scheduled at this hour, cancel it first")
)

// Errors for a factory configuration that makes no calendar; they stop the service at start-up.
var (
	ErrMaxWeeksNotPositive = errs.New(errs.KindInternal, "max-weeks-not-positive", "hour factory: the booking window must be at least one week")
	ErrHourOfDayOutOfRange = errs.New(errs.KindInternal, "hour-of-day-out-of-range", "hour factory: earliest and latest hours of the day must be 0-23")
	ErrHourOfDayOrder      = errs.New(errs.KindInternal, "hour-of-day-order", "hour factory: the earliest hour of the day is after the latest")
)
