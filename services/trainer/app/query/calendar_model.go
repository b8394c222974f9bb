package query

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// Date is one day of the calendar with every working hour of that day.
type Date struct {
	Date         time.Time // midnight UTC
	HasFreeHours bool
	Hours        []Hour
}

// Hour is one hour as the calendar shows it.
type Hour struct {
	Time         time.Time
	Availability string // available, not_available or training_scheduled
}

// Available reports whether the hour can be booked.
func (h Hour) Available() bool { return h.Availability == hour.Available.String() }

// CalendarReadModel reads stored hours without building aggregates.
type CalendarReadModel interface {
	// HoursBetween returns the stored hours in [from, to), ordered by time.
	HoursBetween(ctx context.Context, from, to time.Time) ([]Hour, error)
}
