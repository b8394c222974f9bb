package adapters

import (
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// updatedAvailability is what the memory and SQLite repositories do to one hour: build it from
// its stored availability, or as a new not-available hour when it was never stored (the
// calendar's rules then apply), run updateFn and return the availability to store.
func updatedAvailability(factory hour.Factory, t time.Time, stored hour.Availability, isStored bool, updateFn func(*hour.Hour) (*hour.Hour, error)) (hour.Availability, error) {
	var h *hour.Hour
	var err error
	if isStored {
		h, err = factory.UnmarshalHourFromDatabase(t, stored)
	} else {
		h, err = factory.NewNotAvailableHour(t)
	}
	if err != nil {
		return hour.Availability{}, err
	}
	updated, err := updateFn(h)
	if err != nil {
		return hour.Availability{}, err
	}
	return updated.Availability(), nil
}
