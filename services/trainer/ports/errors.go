package ports

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors for requests the ports refuse before the app sees them: who may call, and input that
// cannot become an app command at all. Everything else is the app's to judge.
var (
	ErrServiceOnly      = errs.Forbidden("service-only", "only other services of this system may call this method")
	ErrHourMissing      = errs.Invalid("hour-missing", "an hour (a timestamp) is missing")
	ErrDateRangeMissing = errs.Invalid("date-range-missing", "date_from and date_to are both required")
	ErrTimeOutOfRange   = errs.Invalid("time-out-of-range", "a timestamp is not between years 1 and 9999")
)
