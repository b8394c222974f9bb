package command

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// HoursChange is what the trainer sends to open or close hours on the calendar.
type HoursChange struct {
	Actor Actor
	Hours []time.Time `log:"hours"`
}

// MakeHoursAvailable offers hours for attendees to book.
type MakeHoursAvailable HoursChange

// MakeHoursUnavailable withdraws hours nobody has booked.
type MakeHoursUnavailable HoursChange

// NewMakeHoursAvailableHandler opens hours; nil logger and metrics are allowed (tests).
func NewMakeHoursAvailableHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[MakeHoursAvailable] {
	return newHoursChangeHandler[MakeHoursAvailable](hours, factory, (*hour.Hour).MakeAvailable, logger, metrics)
}

// NewMakeHoursUnavailableHandler closes hours; nil logger and metrics are allowed (tests).
func NewMakeHoursUnavailableHandler(hours hour.Repository, factory hour.Factory, logger *zap.Logger, metrics decorator.MetricsClient) decorator.CommandHandler[MakeHoursUnavailable] {
	return newHoursChangeHandler[MakeHoursUnavailable](hours, factory, (*hour.Hour).MakeNotAvailable, logger, metrics)
}

// newHoursChangeHandler is the one handler behind both commands: they differ only in what they
// do to each hour, and keep their own types so logs and metrics name them apart.
func newHoursChangeHandler[C MakeHoursAvailable | MakeHoursUnavailable](
	repo hour.Repository, factory hour.Factory, change func(*hour.Hour) error,
	logger *zap.Logger, metrics decorator.MetricsClient,
) decorator.CommandHandler[C] {
	requireFactory(decorator.HandlerName(*new(C)), factory)
	return decorator.Command(func(ctx context.Context, cmd C) error {
		return changeHours(ctx, repo, factory, HoursChange(cmd), change)
	}, logger, metrics, repo)
}

// changeHours checks the actor may change the calendar, validates every hour before touching
// storage and then changes all of them in one transaction: one bad hour, or one with a training
// scheduled, leaves the calendar as it was.
func changeHours(ctx context.Context, repo hour.Repository, factory hour.Factory, cmd HoursChange, change func(*hour.Hour) error) error {
	if err := mayChangeCalendar(cmd.Actor); err != nil {
		return err
	}
	if len(cmd.Hours) == 0 {
		return ErrNoHours
	}
	if len(cmd.Hours) > factory.Config().MaxHoursPerChangeOrDefault() {
		return ErrTooManyHours
	}
	for _, t := range cmd.Hours {
		if err := factory.Validate(t); err != nil {
			return err
		}
	}
	return repo.UpdateHours(ctx, cmd.Hours, func(h *hour.Hour) (*hour.Hour, error) {
		return h, change(h)
	})
}

// requireFactory stops start-up when the factory was not built with hour.NewFactory: its zero
// value is as unusable as a nil dependency.
func requireFactory(handler string, factory hour.Factory) {
	if factory.IsZero() {
		panic(handler + ": hour factory not built with hour.NewFactory")
	}
}
