package apptest

import (
	"context"
	"fmt"
	"sync"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// UserBalances is an in-memory command.UserService: a balance never goes below zero, and each
// operation id is applied once (a repeated call gets the first answer), as in the user service.
type UserBalances struct {
	mu                      sync.Mutex
	balances                map[string]int
	once                    idempotency.Memory
	failDebits, failCredits error
}

var _ command.UserService = (*UserBalances)(nil)

// NewUserBalances starts with the given balances by user uuid; unknown users have 0.
func NewUserBalances(balances map[string]int) *UserBalances {
	u := &UserBalances{balances: map[string]int{}, once: idempotency.Memory{}}
	for id, b := range balances {
		u.balances[id] = b
	}
	return u
}

// UpdateTrainingBalance fails on a done context, as a remote call would.
func (u *UserBalances) UpdateTrainingBalance(ctx context.Context, operationID, userUUID string, delta int) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case delta < 0 && u.failDebits != nil:
		return u.failDebits
	case delta > 0 && u.failCredits != nil:
		return u.failCredits
	}
	key := idempotency.Key{ID: operationID, Request: fmt.Sprintf("balance:%s:%+d", userUUID, delta)}
	if err := key.Validate(); err != nil {
		return err
	}
	_, err := u.once.Once(key, func() (string, error) {
		if u.balances[userUUID]+delta < 0 {
			return "", command.ErrBalanceTooLow
		}
		u.balances[userUUID] += delta
		return "", nil
	})
	return err
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
