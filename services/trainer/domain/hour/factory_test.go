package hour_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// now is the fixed clock of these tests: Thursday 2026-11-26 10:30 UTC.
var now = time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)

var config = hour.FactoryConfig{MaxWeeksInTheFuture: 2, MinUTCHour: 8, MaxUTCHour: 20}

func newFactory(t *testing.T) hour.Factory {
	t.Helper()
	f, err := hour.NewFactory(config, hour.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFactoryConfigValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config hour.FactoryConfig
		want   error
	}{
		{"valid", config, nil},
		{"whole day", hour.FactoryConfig{MaxWeeksInTheFuture: 1, MinUTCHour: 0, MaxUTCHour: 23}, nil},
		{"single hour", hour.FactoryConfig{MaxWeeksInTheFuture: 1, MinUTCHour: 9, MaxUTCHour: 9}, nil},
		{"zero weeks", hour.FactoryConfig{MaxWeeksInTheFuture: 0, MinUTCHour: 8, MaxUTCHour: 20}, hour.ErrMaxWeeksNotPositive},
		{"negative earliest", hour.FactoryConfig{MaxWeeksInTheFuture: 1, MinUTCHour: -1, MaxUTCHour: 20}, hour.ErrHourOfDayOutOfRange},
		{"latest 24", hour.FactoryConfig{MaxWeeksInTheFuture: 1, MinUTCHour: 8, MaxUTCHour: 24}, hour.ErrHourOfDayOutOfRange},
		{"earliest after latest", hour.FactoryConfig{MaxWeeksInTheFuture: 1, MinUTCHour: 21, MaxUTCHour: 20}, hour.ErrHourOfDayOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := hour.NewFactory(tt.config)
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewFactory() error = %v, want %v", err, tt.want)
			}
			if err == nil && (f.IsZero() || f.Config() != tt.config) {
				t.Errorf("NewFactory() = %+v, want a factory with %+v", f, tt.config)
			}
		})
	}
}

func TestFactoryValidatesHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hour time.Time
		want error
	}{
		{"next full hour", time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC), nil},
		{"earliest hour of the day", time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), nil},
		{"latest hour of the day", time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC), nil},
		{"same instant in another zone", time.Date(2026, 11, 27, 13, 0, 0, 0, time.FixedZone("CET", 3600)), nil},
		{"last hour of the window", time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC), nil},
		{"minute set", time.Date(2026, 11, 27, 12, 30, 0, 0, time.UTC), hour.ErrNotFullHour},
		{"second set", time.Date(2026, 11, 27, 12, 0, 1, 0, time.UTC), hour.ErrNotFullHour},
		{"nanosecond set", time.Date(2026, 11, 27, 12, 0, 0, 1, time.UTC), hour.ErrNotFullHour},
		{"full hour only in a half-hour zone", time.Date(2026, 11, 27, 12, 0, 0, 0, time.FixedZone("IST", 5*3600+1800)), hour.ErrNotFullHour},
		{"hour already started", time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), hour.ErrPastHour},
		{"yesterday", time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), hour.ErrPastHour},
		{"beyond the window", time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC), hour.ErrTooDistantHour},
		{"before the earliest hour", time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC), hour.ErrTooEarlyHour},
		{"after the latest hour", time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC), hour.ErrTooLateHour},
	}
	f := newFactory(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := f.Validate(tt.hour); !errors.Is(err, tt.want) {
				t.Fatalf("Validate() = %v, want %v", err, tt.want)
			}
			h, err := f.NewAvailableHour(tt.hour)
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewAvailableHour() error = %v, want %v", err, tt.want)
			}
			if err == nil && (!h.Time().Equal(tt.hour) || h.Time().Location() != time.UTC || !h.IsAvailable()) {
				t.Errorf("NewAvailableHour() = %v %v, want available at %v in UTC", h.Time(), h.Availability(), tt.hour)
			}
		})
	}
}

func TestNewNotAvailableHour(t *testing.T) {
	t.Parallel()
	h, err := newFactory(t).NewNotAvailableHour(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err != nil || h.Availability() != hour.NotAvailable {
		t.Fatalf("NewNotAvailableHour() = %v, %v; want not_available", h, err)
	}
}

func TestUnmarshalHourFromDatabase(t *testing.T) {
	t.Parallel()
	f := newFactory(t)
	past := time.Date(2020, 1, 1, 3, 0, 0, 0, time.UTC)
	h, err := f.UnmarshalHourFromDatabase(past, hour.TrainingScheduled)
	if err != nil || !h.Time().Equal(past) || !h.HasTrainingScheduled() {
		t.Errorf("stored past hour: %v, %v; want it back unchanged", h, err)
	}
	if _, err := f.UnmarshalHourFromDatabase(past.Add(time.Minute), hour.Available); !errors.Is(err, hour.ErrNotFullHour) {
		t.Errorf("stored odd minute: error = %v, want %v", err, hour.ErrNotFullHour)
	}
	if _, err := f.UnmarshalHourFromDatabase(past, hour.Availability{}); !errors.Is(err, hour.ErrUnknownAvailability) {
		t.Errorf("stored zero availability: error = %v, want %v", err, hour.ErrUnknownAvailability)
	}
}
