package query

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// Calendar asks for every working hour of the days From to To (inclusive, UTC dates).
type Calendar struct {
	From time.Time `log:"from"`
	To   time.Time `log:"to"`
}

// NewCalendarHandler lists the working hours that config defines; hours never stored are shown
// as not available, as the hour aggregate treats them.
func NewCalendarHandler(readModel CalendarReadModel, config hour.FactoryConfig, logger *zap.Logger, metrics decorator.MetricsClient) decorator.QueryHandler[Calendar, []Date] {
	return decorator.Query(func(ctx context.Context, q Calendar) ([]Date, error) {
		from, to := midnight(q.From), midnight(q.To)
		if to.Before(from) {
			return nil, ErrDateRangeReversed
		}
		days := int(to.Sub(from).Hours()/24) + 1
		if days > MaxCalendarDays {
			return nil, ErrDateRangeTooLong
		}
		stored, err := readModel.HoursBetween(ctx, from, to.AddDate(0, 0, 1))
		if err != nil {
			return nil, err
		}
		byTime := make(map[int64]string, len(stored))
		for _, s := range stored {
			byTime[s.Time.Unix()] = s.Availability
		}
		dates := make([]Date, 0, days)
		for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
			date := Date{Date: day}
			for hr := config.MinUTCHour; hr <= config.MaxUTCHour; hr++ {
				t := day.Add(time.Duration(hr) * time.Hour)
				availability, ok := byTime[t.Unix()]
				if !ok {
					availability = hour.NotAvailable.String()
				}
				entry := Hour{Time: t, Availability: availability}
				date.HasFreeHours = date.HasFreeHours || entry.Available()
				date.Hours = append(date.Hours, entry)
			}
			dates = append(dates, date)
		}
		return dates, nil
	}, logger, metrics, readModel)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
