package command

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// TrainerService is what the training service needs from the trainer service. It is declared
// here, by its user, so the app depends on no client code (the gRPC client lives in adapters).
type TrainerService interface {
	// ScheduleTraining reserves an available hour: ErrHourNotAvailable otherwise.
	ScheduleTraining(ctx context.Context, at time.Time) error
	// CancelTraining makes a reserved hour available again.
	CancelTraining(ctx context.Context, at time.Time) error
	// MoveTraining reserves newTime and frees oldTime, both or neither.
	MoveTraining(ctx context.Context, newTime, oldTime time.Time) error
}

// UserService is what the training service needs from the user service.
type UserService interface {
	// UpdateTrainingBalance adds delta (negative to take credits) to the user's balance,
	// atomically: ErrBalanceTooLow when the balance would go below zero.
	UpdateTrainingBalance(ctx context.Context, userUUID string, delta int) error
}

// The errors the ports above promise. Clients of the other services translate the remote
// reasons back to these values, so handlers and tests can match them with errors.Is.
var (
	ErrHourNotAvailable = errs.Conflict("hour-not-available", "the trainer hour is not available")
	ErrBalanceTooLow    = errs.Conflict("balance-too-low", "the training balance is too low")
)
