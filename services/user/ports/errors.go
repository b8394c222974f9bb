package ports

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors for requests the ports refuse before the app sees them.
var (
	// ErrServiceOnly answers a user calling a method meant for other services.
	ErrServiceOnly = errs.Forbidden("service-only", "only other services of this system may call this method")
	// ErrUserOnly answers a service calling a method about the caller's own user.
	ErrUserOnly = errs.Forbidden("user-only", "only attendees and trainers have a user; a service's token has none")
)
