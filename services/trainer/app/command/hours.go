package command

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// changeHours checks the actor may change the calendar, validates every hour before touching
// storage and then changes all of them in one transaction: one bad hour, or one with a training
// scheduled, leaves the calendar as it was.
func changeHours(ctx context.Context, repo hour.Repository, factory hour.Factory, actor Actor, hours []time.Time, change func(*hour.Hour) error) error {
	if err := mayChangeCalendar(actor); err != nil {
		return err
	}
	if len(hours) == 0 {
		return ErrNoHours
	}
	if len(hours) > factory.Config().MaxHoursPerChangeOrDefault() {
		return ErrTooManyHours
	}
	for _, t := range hours {
		if err := factory.Validate(t); err != nil {
			return err
		}
	}
	return repo.UpdateHours(ctx, hours, func(h *hour.Hour) (*hour.Hour, error) {
		return h, change(h)
	})
}

// requireHours is decorator.Require for the handlers that also need the factory, a value whose
// zero is as unusable as a nil.
func requireHours(handler string, repo hour.Repository, factory hour.Factory) {
	decorator.Require(handler, repo)
	if factory.IsZero() {
		panic(handler + ": hour factory not built with hour.NewFactory")
	}
}
