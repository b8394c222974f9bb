package command

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// TrainerService is what the training service needs from the trainer service. It is declared
// here, by its user, so the app depends on no client code (the gRPC client lives in adapters).
//
// Every call carries an operation id and the trainer applies it at most once per id, giving a
// repeated call the first answer: the saga retries calls freely after lost answers and crashes.
type TrainerService interface {
	// ScheduleTraining reserves an available hour: ErrHourNotAvailable otherwise.
	ScheduleTraining(ctx context.Context, operationID string, at time.Time) error
	// CancelTraining makes a reserved hour available again.
	CancelTraining(ctx context.Context, operationID string, at time.Time) error
}

// UserService is what the training service needs from the user service.
type UserService interface {
	// UpdateTrainingBalance adds delta (negative to take credits) to the user's balance, once
	// per operation id and atomically: ErrBalanceTooLow when the balance would go below zero.
	UpdateTrainingBalance(ctx context.Context, operationID, userUUID string, delta int) error
}

// The errors the ports above promise. Clients of the other services translate the remote
// reasons back to these values, so handlers and tests can match them with errors.Is.
var (
	ErrHourNotAvailable = errs.Conflict("hour-not-available", "the trainer hour is not available")
	ErrBalanceTooLow    = errs.Conflict("balance-too-low", "the training balance is too low")
)
