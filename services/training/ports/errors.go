package ports

import "github.com/kratos-monorepo/monorepo/libs/errs"

// The errors of translating requests; the app's own errors pass through unchanged.
var (
	// ErrInvalidTrainingUUID answers a training uuid (path or body) that is not a uuid, before
	// any repository sees it: PostgreSQL would reject it with an internal error.
	ErrInvalidTrainingUUID = errs.Invalid("invalid-training-uuid", "the training uuid is not a uuid")
	// ErrInvalidTrainingTime answers a timestamp outside what a time can hold (gRPC callers can
	// send any seconds and nanos).
	ErrInvalidTrainingTime = errs.Invalid("invalid-training-time", "the training time is not a valid timestamp")
	// ErrUsersOnly answers a service token: trainings belong to people, not to services.
	ErrUsersOnly = errs.Forbidden("users-only", "only attendees and the trainer may call this method")
)
