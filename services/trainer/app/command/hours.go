package command

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// changeHours validates every hour before storing any, so that one bad hour in a request leaves
// the calendar as it was. A conflict found while storing (a training scheduled in the meantime)
// still stops at that hour, with the hours before it changed.
func changeHours(ctx context.Context, repo hour.Repository, factory hour.Factory, hours []time.Time, change func(*hour.Hour) error) error {
	if len(hours) == 0 {
		return ErrNoHours
	}
	for _, t := range hours {
		if err := factory.Validate(t); err != nil {
			return err
		}
	}
	for _, t := range hours {
		err := repo.UpdateHour(ctx, t, func(h *hour.Hour) (*hour.Hour, error) {
			return h, change(h)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func mustHaveDependencies(repo hour.Repository, factory hour.Factory) {
	if repo == nil {
		panic("command: nil hour repository")
	}
	if factory.IsZero() {
		panic("command: hour factory not built with hour.NewFactory")
	}
}
