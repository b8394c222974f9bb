package hour_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// TestTransitions covers every action from every state.
func TestTransitions(t *testing.T) {
	t.Parallel()
	actions := map[string]func(*hour.Hour) error{
		"make available":     (*hour.Hour).MakeAvailable,
		"make not available": (*hour.Hour).MakeNotAvailable,
		"schedule training":  (*hour.Hour).ScheduleTraining,
		"cancel training":    (*hour.Hour).CancelTraining,
	}
	tests := []struct {
		from   hour.Availability
		action string
		want   hour.Availability
		err    error
	}{
		{hour.Available, "make available", hour.Available, nil},
		{hour.Available, "make not available", hour.NotAvailable, nil},
		{hour.Available, "schedule training", hour.TrainingScheduled, nil},
		{hour.Available, "cancel training", hour.Available, hour.ErrNoTrainingScheduled},
		{hour.NotAvailable, "make available", hour.Available, nil},
		{hour.NotAvailable, "make not available", hour.NotAvailable, nil},
		{hour.NotAvailable, "schedule training", hour.NotAvailable, hour.ErrHourNotAvailable},
		{hour.NotAvailable, "cancel training", hour.NotAvailable, hour.ErrNoTrainingScheduled},
		{hour.TrainingScheduled, "make available", hour.TrainingScheduled, hour.ErrTrainingScheduled},
		{hour.TrainingScheduled, "make not available", hour.TrainingScheduled, hour.ErrTrainingScheduled},
		{hour.TrainingScheduled, "schedule training", hour.TrainingScheduled, hour.ErrHourNotAvailable},
		{hour.TrainingScheduled, "cancel training", hour.Available, nil},
	}
	f := newFactory(t)
	for _, tt := range tests {
		t.Run(tt.from.String()+" "+tt.action, func(t *testing.T) {
			t.Parallel()
			h, err := f.UnmarshalHourFromDatabase(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if err := actions[tt.action](h); !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if h.Availability() != tt.want {
				t.Errorf("availability = %v, want %v", h.Availability(), tt.want)
			}
			if h.IsAvailable() != (tt.want == hour.Available) || h.HasTrainingScheduled() != (tt.want == hour.TrainingScheduled) {
				t.Errorf("IsAvailable() = %v, HasTrainingScheduled() = %v for %v", h.IsAvailable(), h.HasTrainingScheduled(), tt.want)
			}
		})
	}
}

func TestNewAvailability(t *testing.T) {
	t.Parallel()
	for _, a := range []hour.Availability{hour.Available, hour.NotAvailable, hour.TrainingScheduled} {
		if got, err := hour.NewAvailability(a.String()); got != a || err != nil {
			t.Errorf("NewAvailability(%q) = %v, %v", a.String(), got, err)
		}
	}
	for _, bad := range []string{"", "Available", "busy"} {
		if got, err := hour.NewAvailability(bad); !got.IsZero() || !errors.Is(err, hour.ErrUnknownAvailability) {
			t.Errorf("NewAvailability(%q) = %v, %v; want %v", bad, got, err, hour.ErrUnknownAvailability)
		}
	}
}
