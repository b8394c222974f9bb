package hour

import "time"

// NewAvailableHour creates an offered hour at t.
func (f Factory) NewAvailableHour(t time.Time) (*Hour, error) {
	return f.newHour(t, Available)
}

// NewNotAvailableHour creates a withdrawn hour at t: what every hour is until a trainer offers it.
func (f Factory) NewNotAvailableHour(t time.Time) (*Hour, error) {
	return f.newHour(t, NotAvailable)
}

func (f Factory) newHour(t time.Time, a Availability) (*Hour, error) {
	if err := f.Validate(t); err != nil {
		return nil, err
	}
	return &Hour{time: t.UTC(), availability: a}, nil
}

// Validate checks that t is an hour a trainer may offer now: a full UTC hour, not started yet
// (an hour that began a minute ago cannot be booked any more), within the booking window and
// within the working hours of the day.
func (f Factory) Validate(t time.Time) error {
	t = t.UTC()
	if !isFullHour(t) {
		return ErrNotFullHour
	}
	now := f.now()
	if t.Before(now) {
		return ErrPastHour
	}
	if t.After(now.AddDate(0, 0, 7*f.config.MaxWeeksInTheFuture)) {
		return ErrTooDistantHour
	}
	if t.Hour() < f.config.MinUTCHour {
		return ErrTooEarlyHour
	}
	if t.Hour() > f.config.MaxUTCHour {
		return ErrTooLateHour
	}
	return nil
}

// UnmarshalHourFromDatabase rebuilds a stored hour. It skips the time-window rules (a stored hour
// passes into the past, and the configuration may change) but still demands a full hour and a
// known availability.
func (f Factory) UnmarshalHourFromDatabase(t time.Time, a Availability) (*Hour, error) {
	t = t.UTC()
	if !isFullHour(t) {
		return nil, ErrNotFullHour
	}
	if a.IsZero() {
		return nil, ErrUnknownAvailability
	}
	return &Hour{time: t, availability: a}, nil
}

func isFullHour(t time.Time) bool {
	return t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}
