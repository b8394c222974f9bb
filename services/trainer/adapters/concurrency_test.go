package adapters_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// A hundred attendees try to book the same hour at once: exactly one may get it. Repeated on
// twenty hours, because a race that loses only sometimes must still be caught.
func TestConcurrentSchedulingBooksAnHourOnce(t *testing.T) {
	t.Parallel()
	const rounds, attempts = 20, 100
	forEachBackend(t, func(t *testing.T, repo repository) {
		for round := range rounds {
			at := tomorrowAt(6+round%17).AddDate(0, 0, round/17)
			update(t, repo, at, (*hour.Hour).MakeAvailable)
			var wg sync.WaitGroup
			results := make(chan error, attempts)
			for range attempts {
				wg.Go(func() {
					results <- repo.UpdateHour(context.Background(), at, func(h *hour.Hour) (*hour.Hour, error) {
						return h, h.ScheduleTraining()
					})
				})
			}
			wg.Wait()
			close(results)
			booked := 0
			for err := range results {
				switch {
				case err == nil:
					booked++
				case !errors.Is(err, hour.ErrHourNotAvailable):
					t.Errorf("round %d: UpdateHour() = %v, want nil or %v", round, err, hour.ErrHourNotAvailable)
				}
			}
			if booked != 1 {
				t.Fatalf("round %d: %d attempts booked %v, want exactly 1", round, booked, at)
			}
			assertAvailability(t, repo, at, hour.TrainingScheduled)
		}
	})
}
