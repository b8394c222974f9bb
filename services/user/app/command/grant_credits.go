package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// GrantCredits adds Credits to the balance of the account with Email: an operator's command
// (`user -run grant-credits`), for credits bought outside this system.
type GrantCredits struct {
	Email   string
	Credits int
}

// NewGrantCreditsHandler wraps the handler with logging and metrics.
func NewGrantCreditsHandler(users user.Repository, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[GrantCredits] {
	return decorator.Command(func(ctx context.Context, cmd GrantCredits) error {
		email, err := user.NewEmail(cmd.Email)
		if err != nil {
			return err
		}
		account, err := users.Account(ctx, email)
		if err != nil {
			return err
		}
		return users.Update(ctx, account.UserID, func(u *user.User) error { return u.ReturnCredits(cmd.Credits) })
	}, logger, metrics, users)
}
