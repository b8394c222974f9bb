package apptest

import (
	"context"
	"sync"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// UserBalances is an in-memory command.UserService: a balance never goes below zero.
type UserBalances struct {
	mu                      sync.Mutex
	balances                map[string]int
	failDebits, failCredits error
}

var _ command.UserService = (*UserBalances)(nil)

// NewUserBalances starts with the given balances by user uuid; unknown users have 0.
func NewUserBalances(balances map[string]int) *UserBalances {
	u := &UserBalances{balances: map[string]int{}}
	for id, b := range balances {
		u.balances[id] = b
	}
	return u
}

// UpdateTrainingBalance fails on a done context, as a remote call would.
func (u *UserBalances) UpdateTrainingBalance(ctx context.Context, userUUID string, delta int) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case delta < 0 && u.failDebits != nil:
		return u.failDebits
	case delta > 0 && u.failCredits != nil:
		return u.failCredits
	case u.balances[userUUID]+delta < 0:
		return command.ErrBalanceTooLow
	}
	u.balances[userUUID] += delta
	return nil
}

// Balance is the user's balance now.
func (u *UserBalances) Balance(userUUID string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.balances[userUUID]
}

// FailDebits makes every later debit (delta < 0) fail with err, as an unreachable user
// service would; nil heals it.
func (u *UserBalances) FailDebits(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.failDebits = err
}

// FailCredits does the same for credits (delta > 0), e.g. to break a compensation.
func (u *UserBalances) FailCredits(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.failCredits = err
}
