package system_test

import (
	"context"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
	"github.com/kratos-monorepo/monorepo/tools/local/system"
)

// startSystem runs the three services as tools/local does, on free ports, with their calls to
// each other going over real gRPC sockets.
func startSystem(t *testing.T) map[string]system.Service {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sys, err := system.Start(ctx, system.Options{DataDir: t.TempDir(), Host: "127.0.0.1", Version: "e2e"})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sys.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	byName := map[string]system.Service{}
	for _, s := range sys.Services {
		byName[s.Name] = s
	}
	return byName
}

func bearer(t *testing.T, u auth.User) string {
	t.Helper()
	token, err := demo.Token(u, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestBookingATrainingAcrossAllThreeServices(t *testing.T) {
	services := startSystem(t)
	ctx := context.Background()
	trainerToken, attendeeToken := bearer(t, demo.Trainer), bearer(t, demo.Attendee)
	hoursAsTrainer := trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, services["trainer"].HTTP, trainerv1.OpenAPI, auth.Bearer(trainerToken)))
	hoursAsAttendee := trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, services["trainer"].HTTP, trainerv1.OpenAPI, auth.Bearer(attendeeToken)))
	trainings := trainingv1.NewTrainingServiceHTTPClient(servicetest.HTTPClient(t, services["training"].HTTP, trainingv1.OpenAPI, auth.Bearer(attendeeToken)))
	users := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, services["user"].HTTP, userv1.OpenAPI, auth.Bearer(attendeeToken)))

	hour := time.Now().UTC().Truncate(time.Hour).Add(72 * time.Hour)
	hour = time.Date(hour.Year(), hour.Month(), hour.Day(), 10, 0, 0, 0, time.UTC)
	balance := func() int64 {
		t.Helper()
		u, err := users.GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return u.GetBalance()
	}
	availability := func() trainerv1.Availability {
		t.Helper()
		day := hour.Truncate(24 * time.Hour)
		cal, err := hoursAsAttendee.GetCalendar(ctx, &trainerv1.GetCalendarRequest{
			DateFrom: timestamppb.New(day), DateTo: timestamppb.New(day.Add(24 * time.Hour)),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range cal.GetDays() {
			for _, h := range d.GetHours() {
				if h.GetTime().AsTime().Equal(hour) {
					return h.GetAvailability()
				}
			}
		}
		t.Fatalf("hour %v not in the calendar", hour)
		return 0
	}

	if _, err := hoursAsTrainer.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{timestamppb.New(hour)}}); err != nil {
		t.Fatal(err)
	}
	if got := availability(); got != trainerv1.Availability_AVAILABILITY_AVAILABLE {
		t.Fatalf("after opening: %v", got)
	}
	before := balance()

	booked, err := trainings.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: timestamppb.New(hour), Notes: "legs"})
	if err != nil {
		t.Fatal(err)
	}
	if got := balance(); got != before-1 {
		t.Errorf("balance after booking = %d, want %d", got, before-1)
	}
	if got := availability(); got != trainerv1.Availability_AVAILABILITY_TRAINING_SCHEDULED {
		t.Errorf("hour after booking: %v", got)
	}

	_, err = trainings.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: timestamppb.New(hour)})
	if e := kerrors.FromError(err); e.Code != 409 || e.Reason != "hour-not-available" {
		t.Errorf("second booking of the hour: %v, want 409 hour-not-available", err)
	}
	if got := balance(); got != before-1 {
		t.Errorf("the refused booking changed the balance: %d, want %d", got, before-1)
	}

	list, err := trainings.ListTrainings(ctx, &trainingv1.ListTrainingsRequest{})
	if err != nil || len(list.GetTrainings()) != 1 || list.GetTrainings()[0].GetUuid() != booked.GetUuid() {
		t.Fatalf("list = %v, %v; want the one booking", list, err)
	}

	if _, err := trainings.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: booked.GetUuid()}); err != nil {
		t.Fatal(err)
	}
	if got := balance(); got != before {
		t.Errorf("balance after a free cancel = %d, want %d", got, before)
	}
	if got := availability(); got != trainerv1.Availability_AVAILABILITY_AVAILABLE {
		t.Errorf("hour after cancel: %v", got)
	}
}
