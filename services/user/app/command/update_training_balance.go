package command

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// UpdateTrainingBalance adds Delta credits (negative to take them). The training service sends
// -1 when a training is scheduled and +1 or +2 when one is cancelled.
// OperationID is the caller's name for this change: the change applies at most once per id,
// and a repeated call gets the first call's answer (the caller retries after lost answers).
type UpdateTrainingBalance struct {
	OperationID string `log:"operation"`
	UserID      string `log:"user"`
	Delta       int
}

// NewUpdateTrainingBalanceHandler wraps the handler with logging and metrics.
// It checks the balance inside the repository's transaction, so concurrent bookings by the
// same attendee cannot both spend the last credit.
func NewUpdateTrainingBalanceHandler(users user.Repository, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[UpdateTrainingBalance] {
	return decorator.Command(func(ctx context.Context, cmd UpdateTrainingBalance) error {
		key := idempotency.Key{ID: cmd.OperationID, Request: fmt.Sprintf("balance:%s:%+d", cmd.UserID, cmd.Delta)}
		if err := key.Validate(); err != nil {
			return err
		}
		return users.UpdateOnce(ctx, key, cmd.UserID, func(u *user.User) error {
			return u.ChangeBalance(cmd.Delta)
		})
	}, logger, metrics, users)
}
