package hour

import "time"

// FactoryConfig is the calendar's shape: how far ahead hours can be offered and which hours of
// the (UTC) day a trainer works. Both hours of the day are inclusive start hours.
type FactoryConfig struct {
	MaxWeeksInTheFuture int
	MinUTCHour          int
	MaxUTCHour          int
	// MaxHoursPerChange bounds the hours one change may touch: they are all changed in one
	// transaction, holding the trainer's lock. Zero means DefaultMaxHoursPerChange.
	MaxHoursPerChange int
}

// DefaultMaxHoursPerChange is a week of hours around the clock, more than any calendar has.
const DefaultMaxHoursPerChange = 7 * 24

// MaxHoursPerChangeOrDefault is MaxHoursPerChange, or its default when unset.
func (c FactoryConfig) MaxHoursPerChangeOrDefault() int {
	if c.MaxHoursPerChange > 0 {
		return c.MaxHoursPerChange
	}
	return DefaultMaxHoursPerChange
}

// Validate rejects a configuration that cannot produce any valid hour.
func (c FactoryConfig) Validate() error {
	if c.MaxWeeksInTheFuture < 1 {
		return ErrMaxWeeksNotPositive
	}
	if c.MinUTCHour < 0 || c.MinUTCHour > 23 || c.MaxUTCHour < 0 || c.MaxUTCHour > 23 {
		return ErrHourOfDayOutOfRange
	}
	if c.MinUTCHour > c.MaxUTCHour {
		return ErrHourOfDayOrder
	}
	return nil
}

// Factory creates hours that follow the calendar's rules, judged against its clock.
type Factory struct {
	config FactoryConfig
	now    func() time.Time
}

// FactoryOption configures a Factory.
type FactoryOption func(*Factory)

// WithClock makes the factory judge "past" and "too far ahead" against now instead of the wall
// clock, so that tests control time.
func WithClock(now func() time.Time) FactoryOption {
	return func(f *Factory) { f.now = now }
}

// NewFactory validates config once, so that every Factory in use is a valid one.
func NewFactory(config FactoryConfig, opts ...FactoryOption) (Factory, error) {
	if err := config.Validate(); err != nil {
		return Factory{}, err
	}
	f := Factory{config: config, now: time.Now}
	for _, opt := range opts {
		opt(&f)
	}
	return f, nil
}

// Config is the configuration the factory was built with.
func (f Factory) Config() FactoryConfig { return f.config }

// IsZero reports whether f was declared rather than built with NewFactory.
func (f Factory) IsZero() bool { return f.now == nil }
