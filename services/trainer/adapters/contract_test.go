package adapters_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

var errRefused = errors.New("refused")

func update(t *testing.T, repo repository, at time.Time, change func(*hour.Hour) error) {
	t.Helper()
	err := repo.UpdateHour(context.Background(), at, func(h *hour.Hour) (*hour.Hour, error) { return h, change(h) })
	if err != nil {
		t.Fatalf("UpdateHour(%v) = %v", at, err)
	}
}

func assertAvailability(t *testing.T, repo repository, at time.Time, want hour.Availability) {
	t.Helper()
	h, err := repo.GetHour(context.Background(), at)
	if err != nil {
		t.Fatalf("GetHour(%v) = %v", at, err)
	}
	if h.Availability() != want || !h.Time().Equal(at) {
		t.Errorf("GetHour(%v) = %v at %v, want %v", at, h.Availability(), h.Time(), want)
	}
}

func assertStored(t *testing.T, repo repository, want ...query.Hour) {
	t.Helper()
	got, err := repo.HoursBetween(context.Background(), now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("stored hours = %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) || got[i].Availability != want[i].Availability {
			t.Errorf("stored hour %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestUnstoredHourIsNotAvailable(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		assertAvailability(t, repo, tomorrowAt(12), hour.NotAvailable)
		assertStored(t, repo)
	})
}

func TestUpdateHourStoresEachTransition(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		at := tomorrowAt(12)
		update(t, repo, at, (*hour.Hour).MakeAvailable)
		assertAvailability(t, repo, at, hour.Available)
		update(t, repo, at, (*hour.Hour).ScheduleTraining)
		assertAvailability(t, repo, at, hour.TrainingScheduled)
		update(t, repo, at, (*hour.Hour).CancelTraining)
		assertAvailability(t, repo, at, hour.Available)
		update(t, repo, at, (*hour.Hour).MakeNotAvailable)
		assertAvailability(t, repo, at, hour.NotAvailable)
		// Another zone, same instant: the same hour.
		update(t, repo, at.In(time.FixedZone("CET", 3600)), (*hour.Hour).MakeAvailable)
		assertAvailability(t, repo, at, hour.Available)
	})
}

func TestFailedUpdateLeavesStorageUnchanged(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		stored, unstored := tomorrowAt(12), tomorrowAt(13)
		update(t, repo, stored, (*hour.Hour).MakeAvailable)
		for _, at := range []time.Time{stored, unstored} {
			err := repo.UpdateHour(ctx, at, func(h *hour.Hour) (*hour.Hour, error) {
				_ = h.MakeAvailable()
				_ = h.ScheduleTraining()
				return h, errRefused // fails after the hour changed: the change must not be stored
			})
			if !errors.Is(err, errRefused) {
				t.Fatalf("UpdateHour(%v) = %v, want %v", at, err, errRefused)
			}
		}
		assertStored(t, repo, query.Hour{Time: stored, Availability: "available"})
	})
}

func TestHoursBreakingTheRulesAreNotStored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		at   time.Time
		want error
	}{
		{"not a full hour", tomorrowAt(12).Add(time.Minute), hour.ErrNotFullHour},
		{"in the past", time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), hour.ErrPastHour},
		{"too far ahead", now.AddDate(0, 2, 0).Truncate(time.Hour), hour.ErrTooDistantHour},
		{"too early", tomorrowAt(5), hour.ErrTooEarlyHour},
		{"too late", tomorrowAt(23), hour.ErrTooLateHour},
	}
	forEachBackend(t, func(t *testing.T, repo repository) {
		for _, tt := range tests {
			called := false
			err := repo.UpdateHour(context.Background(), tt.at, func(h *hour.Hour) (*hour.Hour, error) {
				called = true
				return h, h.MakeAvailable()
			})
			if !errors.Is(err, tt.want) || called {
				t.Errorf("%s: UpdateHour() = %v (updateFn called: %v), want %v", tt.name, err, called, tt.want)
			}
		}
		if _, err := repo.GetHour(context.Background(), tomorrowAt(12).Add(time.Second)); !errors.Is(err, hour.ErrNotFullHour) {
			t.Errorf("GetHour(not full) = %v, want %v", err, hour.ErrNotFullHour)
		}
		assertStored(t, repo)
	})
}

func TestHoursBetweenReadsHalfOpenRangeInOrder(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		for _, h := range []int{15, 9, 12} {
			update(t, repo, tomorrowAt(h), (*hour.Hour).MakeAvailable)
		}
		update(t, repo, tomorrowAt(12), (*hour.Hour).ScheduleTraining)
		got, err := repo.HoursBetween(context.Background(), tomorrowAt(9), tomorrowAt(15))
		if err != nil {
			t.Fatal(err)
		}
		want := []query.Hour{{Time: tomorrowAt(9), Availability: "available"}, {Time: tomorrowAt(12), Availability: "training_scheduled"}}
		if len(got) != 2 || !got[0].Time.Equal(want[0].Time) || got[0].Availability != want[0].Availability ||
			!got[1].Time.Equal(want[1].Time) || got[1].Availability != want[1].Availability || got[0].Time.Location() != time.UTC {
			t.Errorf("HoursBetween() = %+v, want %+v", got, want)
		}
	})
}

func TestUpdateHoursIsAllOrNothing(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		booked := tomorrowAt(14)
		update(t, repo, booked, (*hour.Hour).MakeAvailable)
		update(t, repo, booked, (*hour.Hour).ScheduleTraining)
		// Out of order on purpose: the booked hour sits between hours that would change.
		hours := []time.Time{tomorrowAt(16), booked, tomorrowAt(9)}
		err := repo.UpdateHours(ctx, hours, func(h *hour.Hour) (*hour.Hour, error) { return h, h.MakeAvailable() })
		if !errors.Is(err, hour.ErrTrainingScheduled) {
			t.Fatalf("UpdateHours() = %v, want %v", err, hour.ErrTrainingScheduled)
		}
		assertStored(t, repo, query.Hour{Time: booked, Availability: "training_scheduled"})

		free := []time.Time{tomorrowAt(16), tomorrowAt(9)}
		if err := repo.UpdateHours(ctx, free, func(h *hour.Hour) (*hour.Hour, error) { return h, h.MakeAvailable() }); err != nil {
			t.Fatalf("UpdateHours() = %v", err)
		}
		assertStored(t, repo,
			query.Hour{Time: tomorrowAt(9), Availability: "available"},
			query.Hour{Time: booked, Availability: "training_scheduled"},
			query.Hour{Time: tomorrowAt(16), Availability: "available"})
	})
}

// Many calls with one operation id (a retry racing its first attempt) book the hour once and all
// get the first answer; a refusal is recorded and given again even when it no longer holds.
func TestUpdateHourOnceAppliesEachOperationOnce(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		at := tomorrowAt(12)
		update(t, repo, at, (*hour.Hour).MakeAvailable)
		book := idempotency.Key{ID: "t-1/1/1-reserve-hour", Request: "schedule"}
		schedule := func(h *hour.Hour) (*hour.Hour, error) { return h, h.ScheduleTraining() }
		var wg sync.WaitGroup
		results := make(chan error, 10)
		for range 10 {
			wg.Go(func() { results <- repo.UpdateHourOnce(ctx, book, at, schedule) })
		}
		wg.Wait()
		close(results)
		for err := range results {
			if err != nil {
				t.Errorf("UpdateHourOnce() = %v, want every caller to get the first answer, nil", err)
			}
		}
		assertAvailability(t, repo, at, hour.TrainingScheduled)

		other := idempotency.Key{ID: "t-2/1/1-reserve-hour", Request: "schedule"}
		if err := repo.UpdateHourOnce(ctx, other, at, schedule); !errors.Is(err, hour.ErrHourNotAvailable) {
			t.Fatalf("second booking = %v, want %v", err, hour.ErrHourNotAvailable)
		}
		update(t, repo, at, (*hour.Hour).CancelTraining)
		if err := repo.UpdateHourOnce(ctx, other, at, schedule); !errors.Is(err, hour.ErrHourNotAvailable) {
			t.Errorf("repeated refused booking = %v, want the first refusal again", err)
		}
		assertAvailability(t, repo, at, hour.Available)
		if err := repo.UpdateHourOnce(ctx, idempotency.Key{ID: book.ID, Request: "cancel"}, at, schedule); !errors.Is(err, idempotency.ErrOperationIDReused) {
			t.Errorf("id reused for another change = %v, want %v", err, idempotency.ErrOperationIDReused)
		}
	})
}
