package service_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
)

const (
	available = trainerv1.Availability_AVAILABILITY_AVAILABLE
	closed    = trainerv1.Availability_AVAILABILITY_NOT_AVAILABLE
	booked    = trainerv1.Availability_AVAILABILITY_TRAINING_SCHEDULED
)

func TestTrainerOpensHoursAndEveryoneSeesThemOverHTTP(t *testing.T) {
	t.Parallel()
	for name, db := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := start(t, db(t))
			asTrainer, asAttendee := f.httpAs(t, trainer), f.httpAs(t, attendee)

			open := &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10), tomorrowAt(11)}}
			if _, err := asTrainer.MakeHoursAvailable(ctx, open); err != nil {
				t.Fatalf("trainer opens hours: %v", err)
			}
			_, err := asAttendee.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(12)}})
			wantError(t, "attendee opens an hour", err, 403, "trainer-only")
			_, err = asAttendee.MakeHoursUnavailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10)}})
			wantError(t, "attendee closes an hour", err, 403, "trainer-only")

			cal, err := asAttendee.GetCalendar(ctx, &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0), DateTo: tomorrowAt(24)})
			if err != nil {
				t.Fatal(err)
			}
			if len(cal.GetDays()) != 2 {
				t.Fatalf("calendar for two dates has %d days", len(cal.GetDays()))
			}
			first, second := cal.GetDays()[0], cal.GetDays()[1]
			if !first.GetDate().AsTime().Equal(tomorrow()) || !first.GetHasFreeHours() || second.GetHasFreeHours() {
				t.Errorf("days = %v, %v; want tomorrow with free hours, then a day without", first, second)
			}
			if len(first.GetHours()) != 13 {
				t.Fatalf("tomorrow has %d hours, want 13 (8 to 20)", len(first.GetHours()))
			}
			for i, hr := range first.GetHours() {
				want := closed
				if h := 8 + i; h == 10 || h == 11 {
					want = available
				}
				if !hr.GetTime().AsTime().Equal(tomorrowAt(8+i).AsTime()) || hr.GetAvailability() != want {
					t.Errorf("hour %d = %v, want %v %v", i, hr, tomorrowAt(8+i).AsTime(), want)
				}
			}

			if _, err := asTrainer.MakeHoursUnavailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(11)}}); err != nil {
				t.Fatalf("trainer closes an hour: %v", err)
			}
			if got := availabilityAt(t, asAttendee, 11); got != closed {
				t.Errorf("closed hour shows %v", got)
			}
		})
	}
}

func TestCalendarNeedsAValidToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := start(t, backends()["sqlite"](t))
	req := &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0), DateTo: tomorrowAt(0)}
	forged, _ := authtest.NewForger("trainer")
	forgedToken, _ := forged.Sign(trainer, time.Hour)
	tests := []struct {
		name, token, reason string
	}{
		{"missing", "", "missing-token"},
		{"forged", forgedToken, "invalid-token"},
		{"expired", f.token(t, trainer, -time.Minute), "token-expired"},
	}
	for _, tt := range tests {
		var client trainerv1.TrainerServiceHTTPClient
		if tt.token == "" {
			client = trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, trainerv1.OpenAPI))
		} else {
			client = trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, trainerv1.OpenAPI, auth.Bearer(tt.token)))
		}
		_, err := client.GetCalendar(ctx, req)
		wantError(t, tt.name+" token on GetCalendar", err, 401, tt.reason)
		_, err = client.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10)}})
		wantError(t, tt.name+" token on MakeHoursAvailable", err, 401, tt.reason)
	}
}

func TestTrainingServiceBooksAnHourExactlyOnceOverGRPC(t *testing.T) {
	t.Parallel()
	for name, db := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := start(t, db(t))
			asTrainer := f.httpAs(t, trainer)
			training := f.grpcAsService(t)
			ten := &trainerv1.HourRequest{Time: tomorrowAt(10)}

			if _, err := asTrainer.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10)}}); err != nil {
				t.Fatal(err)
			}
			if _, err := training.ScheduleTraining(ctx, withOperation(ten)); err != nil {
				t.Fatalf("first booking: %v", err)
			}
			_, err := training.ScheduleTraining(ctx, withOperation(ten))
			wantError(t, "second booking", err, 409, "hour-not-available")
			if got := availabilityAt(t, asTrainer, 10); got != booked {
				t.Errorf("booked hour shows %v", got)
			}
			_, err = asTrainer.MakeHoursUnavailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10)}})
			wantError(t, "trainer closes a booked hour", err, 409, "training-scheduled")

			if _, err := training.CancelTraining(ctx, withOperation(ten)); err != nil {
				t.Fatalf("cancel: %v", err)
			}
			_, err = training.CancelTraining(ctx, withOperation(ten))
			wantError(t, "second cancel", err, 409, "no-training-scheduled")
			if got := availabilityAt(t, asTrainer, 10); got != available {
				t.Errorf("cancelled hour shows %v, want it offered again", got)
			}
		})
	}
}

func TestInternalMethodsAreForServicesOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := start(t, backends()["sqlite"](t))
	ten := &trainerv1.HourRequest{Time: tomorrowAt(10)}
	userToken := f.token(t, trainer, time.Hour)
	asUser := trainerv1.NewTrainerServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Bearer(userToken)))
	anonymous := trainerv1.NewTrainerServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC))
	calls := map[string]func(trainerv1.TrainerServiceClient) error{
		"ScheduleTraining": func(c trainerv1.TrainerServiceClient) error {
			_, err := c.ScheduleTraining(ctx, withOperation(ten))
			return err
		},
		"CancelTraining": func(c trainerv1.TrainerServiceClient) error {
			_, err := c.CancelTraining(ctx, withOperation(ten))
			return err
		},
	}
	if _, err := f.httpAs(t, trainer).MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(10)}}); err != nil {
		t.Fatal(err)
	}
	for name, call := range calls {
		wantError(t, name+" with a user's token", call(asUser), 403, "service-only")
		wantError(t, name+" without a token", call(anonymous), 401, "missing-token")
	}
	if got := availabilityAt(t, f.httpAs(t, attendee), 10); got != available {
		t.Errorf("after refused calls the hour shows %v, want it still offered", got)
	}
}

func TestHoursSurviveARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := backends()["sqlite"](t)
	before, err := service.New(ctx, bootstrap(db), "test")
	if err != nil {
		t.Fatal(err)
	}
	open := command.MakeHoursAvailable{
		Actor: command.Actor{UUID: trainer.UUID, Role: command.RoleTrainer},
		Hours: []time.Time{tomorrowAt(9).AsTime()},
	}
	if err := before.Application.Commands.MakeHoursAvailable.Handle(ctx, open); err != nil {
		t.Fatal(err)
	}
	before.Close()

	after := start(t, db)
	if got := availabilityAt(t, after.httpAs(t, attendee), 9); got != available {
		t.Errorf("after a restart the hour shows %v, want available", got)
	}
}

// The calendar methods are served over gRPC too, with the same rules: the role check is the
// app's, not the transport's.
func TestCalendarMethodsOverGRPCFollowTheSameRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := start(t, backends()["sqlite"](t))
	grpcAs := func(u auth.User) trainerv1.TrainerServiceClient {
		return trainerv1.NewTrainerServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Bearer(f.token(t, u, time.Hour))))
	}
	asTrainer, asAttendee := grpcAs(trainer), grpcAs(attendee)
	nine := &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(9)}}

	_, err := asAttendee.MakeHoursAvailable(ctx, nine)
	wantError(t, "attendee opens an hour over gRPC", err, 403, "trainer-only")
	if _, err := asTrainer.MakeHoursAvailable(ctx, nine); err != nil {
		t.Fatalf("trainer opens an hour over gRPC: %v", err)
	}
	cal, err := asAttendee.GetCalendar(ctx, &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0), DateTo: tomorrowAt(0)})
	if err != nil {
		t.Fatal(err)
	}
	if hrs := cal.GetDays()[0].GetHours(); len(hrs) != 13 || hrs[1].GetAvailability() != available || hrs[0].GetAvailability() != closed {
		t.Errorf("calendar over gRPC = %v, want 9:00 offered and 8:00 not", cal)
	}
	_, err = asAttendee.GetCalendar(ctx, &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0)})
	wantError(t, "calendar without date_to over gRPC", err, 400, "date-range-missing")
}
