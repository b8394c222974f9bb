package command

import (
	"context"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// PasswordHasher hashes passwords for storage and checks them at login; adapters implement it
// with argon2id. A hash costs much memory and CPU, so an implementation bounds how many run at
// once: each method may wait for a turn and then returns ctx's error when ctx ends first.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	// Verify reports whether password matches the stored hash.
	Verify(ctx context.Context, password, hash string) (bool, error)
	// VerifyNothing costs what Verify costs, for a login with an unknown e-mail address.
	VerifyNothing(ctx context.Context, password string) error
}

// CreateAccount creates a user who logs in with Email and Password: an attendee signing up
// (role attendee, no credits), or whoever an operator creates (a trainer, an attendee with
// initial credits).
type CreateAccount struct {
	UserID      string
	Email       string
	Password    string
	DisplayName string
	Role        string
	Balance     int
}

// NewCreateAccountHandler wraps the handler with logging and metrics.
// It validates everything before hashing, so a refused sign-up costs no hash.
func NewCreateAccountHandler(users user.Repository, hasher PasswordHasher, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[CreateAccount] {
	return decorator.Command(func(ctx context.Context, cmd CreateAccount) error {
		email, err := user.NewEmail(cmd.Email)
		if err != nil {
			return err
		}
		if err := user.CheckPassword(cmd.Password); err != nil {
			return err
		}
		u, err := newUser(cmd.UserID, cmd.Role, cmd.DisplayName, cmd.Balance)
		if err != nil {
			return err
		}
		hash, err := hasher.Hash(ctx, cmd.Password)
		if err != nil {
			return err
		}
		return users.AddWithAccount(ctx, u, user.Account{UserID: u.ID(), Email: email, PasswordHash: hash})
	}, logger, metrics, users, hasher)
}
