package user

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
)

// Repository stores users. Update is the only way to change a stored user: it loads the user,
// lets updateFn change it and stores the result in one transaction, so two concurrent updates of
// the same user (two bookings) never both see the same balance.
type Repository interface {
	// Add stores a new user; ErrUserAlreadyExists when the id is taken.
	Add(ctx context.Context, u *User) error
	// Get returns the user; ErrUserNotFound when there is none.
	Get(ctx context.Context, id string) (*User, error)
	// Update applies updateFn atomically. When updateFn fails nothing is stored and its error is
	// returned; ErrUserNotFound when there is no such user.
	Update(ctx context.Context, id string, updateFn func(u *User) error) error
	// UpdateOnce is Update applied at most once per key.ID: the first call's answer (success or
	// updateFn's refusal) is recorded in the same transaction as the change, and every later call
	// with that id gets the same answer without updateFn running again;
	// idempotency.ErrOperationIDReused when the id was used for a different request.
	UpdateOnce(ctx context.Context, key idempotency.Key, id string, updateFn func(u *User) error) error
	// AddWithAccount stores a new user and its account in one transaction: ErrEmailTaken when
	// another account has the e-mail address, ErrUserAlreadyExists when the id is taken.
	AddWithAccount(ctx context.Context, u *User, a Account) error
	// Account is the account of an e-mail address; ErrNoAccount when there is none.
	Account(ctx context.Context, email Email) (Account, error)
}
