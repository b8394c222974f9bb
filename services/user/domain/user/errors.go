package user

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors of the user aggregate; the reasons are part of the API that clients switch on.
var (
	ErrInvalidID          = errs.Invalid("invalid-user-id", "the user id is not a uuid")
	ErrUnknownRole        = errs.Invalid("unknown-role", "the role is neither trainer nor attendee")
	ErrEmptyDisplayName   = errs.Invalid("display-name-empty", "the display name is empty")
	ErrDisplayNameTooLong = errs.Invalid("display-name-too-long", "the display name is longer than 100 characters")
	ErrDisplayNameNotText = errs.Invalid("display-name-not-text",
		"the display name holds control characters (line breaks, NUL, escapes) or bidirectional overrides")
	ErrNegativeBalance    = errs.Invalid("balance-negative", "a training balance cannot start below zero")
	ErrZeroBalanceChange  = errs.Invalid("balance-change-zero", "a training balance change must not be zero")
	ErrNonPositiveCredits = errs.Invalid("credits-not-positive", "the number of credits must be positive")
	ErrBalanceTooLow      = errs.Conflict("balance-too-low", "the training balance is too low")
	ErrUserNotFound       = errs.NotFound("user-not-found", "the user does not exist")
	ErrUserAlreadyExists  = errs.Conflict("user-already-exists", "a user with this id already exists")
)
