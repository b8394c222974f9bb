package command

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// HourBooking names one hour and the training service's operation that books or frees it.
// ScheduleTraining and CancelTraining are their own types over it, so logs and metrics name
// each one.
type HourBooking struct {
	OperationID string    `log:"operation"`
	Hour        time.Time `log:"hour"`
}

// changeBookedHourOnce applies change to the hour at most once per operation id: the request
// (what is done to which hour) is recorded with the id, so a retry gets the first call's answer
// and the same id reused for another change is refused.
func changeBookedHourOnce(ctx context.Context, repo hour.Repository, operationID, what string, at time.Time, change func(*hour.Hour) error) error {
	key := idempotency.Key{ID: operationID, Request: what + ":" + at.UTC().Format(time.RFC3339)}
	if err := key.Validate(); err != nil {
		return err
	}
	return repo.UpdateHourOnce(ctx, key, at, func(hr *hour.Hour) (*hour.Hour, error) {
		return hr, change(hr)
	})
}
