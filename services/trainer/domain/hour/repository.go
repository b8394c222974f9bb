package hour

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
)

// Repository stores hours. An hour never stored is not available: GetHour returns it as such,
// and UpdateHour starts from it (creating it through the Factory, so its rules apply).
type Repository interface {
	GetHour(ctx context.Context, t time.Time) (*Hour, error)
	// UpdateHour loads the hour, lets updateFn change it and stores it, in one transaction that
	// excludes concurrent updates of the same hour: of many attempts to schedule a training in
	// one available hour exactly one succeeds. When updateFn fails nothing is stored.
	UpdateHour(ctx context.Context, t time.Time, updateFn func(h *Hour) (*Hour, error)) error
	// UpdateHours applies updateFn to each hour in one transaction: when it fails for one hour,
	// none is stored, so a trainer's request to change several hours succeeds or fails whole.
	UpdateHours(ctx context.Context, times []time.Time, updateFn func(h *Hour) (*Hour, error)) error
	// UpdateHourOnce is UpdateHour applied at most once per key.ID: the first call's answer
	// (success or updateFn's refusal) is recorded in the same transaction as the change, and every
	// later call with that id gets the same answer without updateFn running again;
	// idempotency.ErrOperationIDReused when the id was used for a different request.
	UpdateHourOnce(ctx context.Context, key idempotency.Key, t time.Time, updateFn func(h *Hour) (*Hour, error)) error
}
