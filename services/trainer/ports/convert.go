package ports

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// toTime turns a required timestamp into a time; missing is the error for an absent one.
func toTime(ts *timestamppb.Timestamp, missing error) (time.Time, error) {
	if ts == nil {
		return time.Time{}, missing
	}
	// A timestamp's seconds and nanos can hold values no calendar has; AsTime would wrap them.
	if err := ts.CheckValid(); err != nil {
		return time.Time{}, ErrTimeOutOfRange
	}
	return ts.AsTime(), nil
}

func toTimes(hours []*timestamppb.Timestamp) ([]time.Time, error) {
	times := make([]time.Time, 0, len(hours))
	for _, ts := range hours {
		t, err := toTime(ts, ErrHourMissing)
		if err != nil {
			return nil, err
		}
		times = append(times, t)
	}
	return times, nil
}

var availabilities = map[string]trainerv1.Availability{
	hour.Available.String():         trainerv1.Availability_AVAILABILITY_AVAILABLE,
	hour.NotAvailable.String():      trainerv1.Availability_AVAILABILITY_NOT_AVAILABLE,
	hour.TrainingScheduled.String(): trainerv1.Availability_AVAILABILITY_TRAINING_SCHEDULED,
}

func toCalendar(dates []query.Date) *trainerv1.Calendar {
	days := make([]*trainerv1.Day, 0, len(dates))
	for _, d := range dates {
		hours := make([]*trainerv1.Hour, 0, len(d.Hours))
		for _, h := range d.Hours {
			hours = append(hours, &trainerv1.Hour{Time: timestamppb.New(h.Time), Availability: availabilities[h.Availability]})
		}
		days = append(days, &trainerv1.Day{Date: timestamppb.New(d.Date), Hours: hours, HasFreeHours: d.HasFreeHours})
	}
	return &trainerv1.Calendar{Days: days}
}
