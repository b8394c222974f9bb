package adapters

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"

	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// MemoryHourRepository keeps hours in a map: for tests and for running without a database.
type MemoryHourRepository struct {
	factory hour.Factory
	mu      sync.Mutex
	hours   map[int64]hour.Availability // by Unix seconds: time.Time keys compare zones too
	once    idempotency.Memory
}

// NewMemoryHourRepository returns an empty calendar whose new hours follow factory's rules.
func NewMemoryHourRepository(factory hour.Factory) *MemoryHourRepository {
	return &MemoryHourRepository{factory: factory, hours: map[int64]hour.Availability{}, once: idempotency.Memory{}}
}

func (r *MemoryHourRepository) GetHour(_ context.Context, t time.Time) (*hour.Hour, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.factory.UnmarshalHourFromDatabase(t, r.availability(t))
}

// UpdateHour holds the lock while updateFn runs, which makes it atomic like a SQL transaction.
func (r *MemoryHourRepository) UpdateHour(ctx context.Context, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	return r.UpdateHours(ctx, []time.Time{t}, updateFn)
}

// UpdateHourOnce is UpdateHour with the answer kept in an in-memory ledger.
func (r *MemoryHourRepository) UpdateHourOnce(_ context.Context, key idempotency.Key, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.once.Once(key, func() (string, error) { return "", r.updateHours([]time.Time{t}, updateFn) })
	return err
}

// UpdateHours collects every change first and stores them only when all succeeded.
func (r *MemoryHourRepository) UpdateHours(_ context.Context, times []time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.updateHours(times, updateFn)
}

func (r *MemoryHourRepository) updateHours(times []time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	changed := make(map[int64]hour.Availability, len(times))
	for _, t := range times {
		a, stored := changed[t.Unix()]
		if !stored {
			a, stored = r.hours[t.Unix()]
		}
		a, err := updatedAvailability(r.factory, t, a, stored, updateFn)
		if err != nil {
			return err
		}
		changed[t.Unix()] = a
	}
	for unix, a := range changed {
		r.hours[unix] = a
	}
	return nil
}

func (r *MemoryHourRepository) HoursBetween(_ context.Context, from, to time.Time) ([]query.Hour, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var hours []query.Hour
	for unix, a := range r.hours {
		t := time.Unix(unix, 0).UTC()
		if !t.Before(from) && t.Before(to) {
			hours = append(hours, query.Hour{Time: t, Availability: a.String()})
		}
	}
	sort.Slice(hours, func(i, j int) bool { return hours[i].Time.Before(hours[j].Time) })
	return hours, nil
}

func (r *MemoryHourRepository) availability(t time.Time) hour.Availability {
	if a, ok := r.hours[t.Unix()]; ok {
		return a
	}
	return hour.NotAvailable
}
