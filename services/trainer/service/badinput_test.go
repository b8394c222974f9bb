package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
)

// Bad input is refused with 400 and a reason, and changes nothing. malformed-request is
// libs/server's reason for a body or query the decoder cannot read (before the middleware runs).
func TestBadInputIsANamed400AndChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := start(t, backends()["sqlite"](t))
	asTrainer := f.httpAs(t, trainer)
	training := f.grpcAsService(t)
	token := f.token(t, trainer, time.Hour)
	halfPast := timestamppb.New(tomorrowAt(10).AsTime().Add(30 * time.Minute))
	yesterday := timestamppb.New(tomorrowAt(10).AsTime().AddDate(0, 0, -2))
	sevenWeeks := timestamppb.New(tomorrowAt(10).AsTime().AddDate(0, 0, 7*7))
	in71Days := timestamppb.New(tomorrow().AddDate(0, 0, 70))
	outOfRange := &timestamppb.Timestamp{Seconds: 1 << 40}
	const hours, calendar = "/trainer/hours/available", "/trainer/calendar"

	// Each builds one call of the generated clients.
	open := func(hs ...*timestamppb.Timestamp) func() error {
		return func() error {
			_, err := asTrainer.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: hs})
			return err
		}
	}
	closeHours := func(hs ...*timestamppb.Timestamp) func() error {
		return func() error {
			_, err := asTrainer.MakeHoursUnavailable(ctx, &trainerv1.MakeHoursRequest{Hours: hs})
			return err
		}
	}
	calendarOf := func(from, to *timestamppb.Timestamp) func() error {
		return func() error {
			_, err := asTrainer.GetCalendar(ctx, &trainerv1.GetCalendarRequest{DateFrom: from, DateTo: to})
			return err
		}
	}
	schedule := func(at *timestamppb.Timestamp) func() error {
		return func() error {
			_, err := training.ScheduleTraining(ctx, withOperation(&trainerv1.HourRequest{Time: at}))
			return err
		}
	}
	cancel := func(at *timestamppb.Timestamp) func() error {
		return func() error {
			_, err := training.CancelTraining(ctx, withOperation(&trainerv1.HourRequest{Time: at}))
			return err
		}
	}

	tests := []struct {
		name   string
		call   func() error
		reason string
	}{
		{"no hours", open(), "no-hours-given"},
		{"no hours to close", closeHours(), "no-hours-given"},
		{"a week and an hour", open(slices.Repeat([]*timestamppb.Timestamp{tomorrowAt(10)}, 7*24+1)...), "too-many-hours"},
		{"half past", open(tomorrowAt(10), halfPast), "hour-not-full"},
		{"in the past", open(tomorrowAt(10), yesterday), "hour-in-past"},
		{"before 8", open(tomorrowAt(10), tomorrowAt(7)), "hour-too-early"},
		{"after 20", open(tomorrowAt(10), tomorrowAt(21)), "hour-too-late"},
		{"7 weeks ahead", open(tomorrowAt(10), sevenWeeks), "hour-too-far-ahead"},
		{"calendar without date_to", calendarOf(tomorrowAt(0), nil), "date-range-missing"},
		{"calendar without date_from", calendarOf(nil, tomorrowAt(0)), "date-range-missing"},
		{"calendar date_to before date_from", calendarOf(tomorrowAt(24), tomorrowAt(0)), "date-range-reversed"},
		{"calendar of 71 days", calendarOf(tomorrowAt(0), in71Days), "date-range-too-long"},
		{"gRPC schedule without time", schedule(nil), "hour-missing"},
		{"gRPC cancel without time", cancel(nil), "hour-missing"},
		{"gRPC time beyond year 9999", schedule(outOfRange), "time-out-of-range"},
		{"gRPC schedule half past", schedule(halfPast), "hour-not-full"},
	}
	for _, tt := range tests {
		wantError(t, tt.name, tt.call(), 400, tt.reason)
	}

	raw := []struct {
		name, method, target, body, reason string
	}{
		{"null hour", "PUT", hours, `{"hours":[null]}`, "malformed-request"},
		{"hour not a time", "PUT", hours, `{"hours":["tomorrow"]}`, "malformed-request"},
		{"hour in year 0", "PUT", hours, `{"hours":["0000-01-01T00:00:00Z"]}`, "malformed-request"},
		{"body not JSON", "PUT", hours, `not json`, "malformed-request"},
		{"hour in the query not a time", "PUT", hours + "?hours=x", `{}`, "malformed-request"},
		{"hour in the query in year 0", "PUT", hours + "?hours=0000-01-01T10:00:00Z", `{}`, "time-out-of-range"},
		{"date_from not a time", "GET", calendar + "?date_from=x&date_to=x", ``, "malformed-request"},
		{"dates in year 0", "GET", calendar + "?date_from=0000-01-01T00:00:00Z&date_to=0000-01-01T00:00:00Z", ``, "time-out-of-range"},
		{"negative nanos", "GET", calendar + "?date_from.seconds=5&date_to.nanos=-1", ``, "time-out-of-range"},
		{"no dates", "GET", calendar, ``, "date-range-missing"},
	}
	for _, tt := range raw {
		if r := servicetest.Serve(t, f.svc.HTTP, tt.method, tt.target, tt.body, token); r.Status != 400 || r.Reason != tt.reason {
			t.Errorf("%s: %d %s (%s), want 400 %s", tt.name, r.Status, r.Reason, r.Body, tt.reason)
		}
	}

	cal, err := asTrainer.GetCalendar(ctx, &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0), DateTo: tomorrowAt(0)})
	if err != nil {
		t.Fatal(err)
	}
	if cal.GetDays()[0].GetHasFreeHours() {
		t.Errorf("after bad requests only, tomorrow has free hours: %v", cal.GetDays()[0])
	}
}
