package query

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// Login asks for an access token for the account with Email. Client is where the request came
// from (the remote address), for the limiter.
type Login struct {
	Email    string
	Password string
	Client   string
}

// Token is a login's answer.
type Token struct {
	AccessToken string
	ExpiresAt   time.Time
	UserID      string
	Role        string
}

// TokenIssuer signs access tokens; the service wires it to libs/auth's Issuer.
type TokenIssuer interface {
	Issue(userID, role, displayName string) (token string, expires time.Time, err error)
}

// AccountReader finds accounts and their users.
type AccountReader interface {
	Account(ctx context.Context, email user.Email) (user.Account, error)
	Get(ctx context.Context, id string) (*user.User, error)
}

// NewLoginHandler wraps the handler with logging and metrics.
// It answers a wrong password and an unknown or malformed e-mail address alike, after the
// same hashing work, so neither the answer nor its time tells whether an account exists.
func NewLoginHandler(accounts AccountReader, hasher command.PasswordHasher, issuer TokenIssuer, limiter *LoginLimiter,
	logger *zap.Logger, metrics decorator.MetricsClient) decorator.QueryHandler[Login, Token] {
	return decorator.Query(func(ctx context.Context, q Login) (Token, error) {
		email, emailErr := user.NewEmail(q.Email)
		if err := limiter.Allow(email.String(), q.Client); err != nil {
			return Token{}, err
		}
		var account user.Account
		err := emailErr
		if err == nil {
			account, err = accounts.Account(ctx, email)
		}
		switch {
		case errors.Is(err, user.ErrNoAccount), errors.Is(err, user.ErrInvalidEmail):
			if err := hasher.VerifyNothing(ctx, q.Password); err != nil {
				return Token{}, err
			}
			return Token{}, user.ErrWrongCredentials
		case err != nil:
			return Token{}, err
		}
		ok, err := hasher.Verify(ctx, q.Password, account.PasswordHash)
		if err != nil {
			return Token{}, err
		}
		if !ok {
			return Token{}, user.ErrWrongCredentials
		}
		u, err := accounts.Get(ctx, account.UserID)
		if err != nil {
			return Token{}, err
		}
		token, expires, err := issuer.Issue(u.ID(), u.Role().String(), u.DisplayName())
		if err != nil {
			return Token{}, err
		}
		return Token{AccessToken: token, ExpiresAt: expires, UserID: u.ID(), Role: u.Role().String()}, nil
	}, logger, metrics, accounts, hasher, issuer, limiter)
}
