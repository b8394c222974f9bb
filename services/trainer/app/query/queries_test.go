package query_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

var config = hour.FactoryConfig{MaxWeeksInTheFuture: 2, MinUTCHour: 9, MaxUTCHour: 11}

func at(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, time.UTC) }

func newRepo(t *testing.T) *adapters.MemoryHourRepository {
	t.Helper()
	f, err := hour.NewFactory(config, hour.WithClock(func() time.Time { return at(26, 8) }))
	if err != nil {
		t.Fatal(err)
	}
	repo := adapters.NewMemoryHourRepository(f)
	for _, h := range []struct {
		at     time.Time
		change func(*hour.Hour) error
	}{{at(26, 9), (*hour.Hour).MakeAvailable}, {at(27, 10), (*hour.Hour).MakeAvailable}, {at(27, 10), (*hour.Hour).ScheduleTraining}} {
		if err := repo.UpdateHour(context.Background(), h.at, func(hr *hour.Hour) (*hour.Hour, error) { return hr, h.change(hr) }); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

func TestCalendarListsEveryWorkingHour(t *testing.T) {
	t.Parallel()
	h := query.NewCalendarHandler(newRepo(t), config, nil, nil)
	// Times inside the days: the calendar works on whole UTC dates.
	dates, err := h.Handle(context.Background(), query.Calendar{From: at(26, 15), To: at(28, 1)})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		free  bool
		hours []string
	}{
		{true, []string{"available", "not_available", "not_available"}},
		{false, []string{"not_available", "training_scheduled", "not_available"}},
		{false, []string{"not_available", "not_available", "not_available"}},
	}
	if len(dates) != len(want) {
		t.Fatalf("got %d dates, want %d", len(dates), len(want))
	}
	for i, d := range dates {
		if !d.Date.Equal(at(26+i, 0)) || d.HasFreeHours != want[i].free || len(d.Hours) != len(want[i].hours) {
			t.Fatalf("date %d = %+v, want %v with free=%v", i, d, at(26+i, 0), want[i].free)
		}
		for j, hr := range d.Hours {
			if !hr.Time.Equal(at(26+i, 9+j)) || hr.Availability != want[i].hours[j] {
				t.Errorf("date %d hour %d = %+v, want %v %s", i, j, hr, at(26+i, 9+j), want[i].hours[j])
			}
		}
	}
}

func TestCalendarRejectsBadRanges(t *testing.T) {
	t.Parallel()
	h := query.NewCalendarHandler(newRepo(t), config, nil, nil)
	tests := []struct {
		name     string
		from, to time.Time
		want     error
	}{
		{"reversed", at(27, 0), at(26, 0), query.ErrDateRangeReversed},
		{"too long", at(1, 0), at(1, 0).AddDate(0, 0, query.MaxCalendarDays), query.ErrDateRangeTooLong},
	}
	for _, tt := range tests {
		if _, err := h.Handle(context.Background(), query.Calendar{From: tt.from, To: tt.to}); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
	}
	if dates, err := h.Handle(context.Background(), query.Calendar{From: at(1, 0), To: at(1, 0).AddDate(0, 0, query.MaxCalendarDays-1)}); err != nil || len(dates) != query.MaxCalendarDays {
		t.Errorf("longest range: %d dates, %v; want %d", len(dates), err, query.MaxCalendarDays)
	}
}
