package adapters_test

import (
	"context"
	"errors"
	"testing"
	"time"

	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/server"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

var (
	hourA = time.Date(2031, time.March, 10, 9, 0, 0, 0, time.UTC)
	hourB = hourA.Add(time.Hour)
	hourC = hourA.Add(2 * time.Hour)
)

const attendee = "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e"

type trainerFixture struct {
	double *trainerServerDouble
	addr   string
	client *adapters.TrainerGRPCClient
}

// newTrainer serves a trainer double with hourA scheduled and hourB open, and connects a
// client to it.
func newTrainer(t *testing.T, opts ...adapters.ClientOption) trainerFixture {
	t.Helper()
	d := &trainerServerDouble{calendar: apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{
		hourA: apptest.TrainingScheduled, hourB: apptest.Available,
	})}
	addr := serveGRPC(t, "trainer", func(s *kgrpc.Server) { trainerv1.RegisterTrainerServiceServer(s, d) })
	return trainerFixture{double: d, addr: addr, client: trainerClient(t, addr, keys(t), opts...)}
}

func trainerClient(t *testing.T, endpoint string, k *auth.ServiceSigner, opts ...adapters.ClientOption) *adapters.TrainerGRPCClient {
	t.Helper()
	c, err := adapters.NewTrainerGRPCClient(context.Background(), endpoint, k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func userClient(t *testing.T, endpoint string, k *auth.ServiceSigner, opts ...adapters.ClientOption) *adapters.UserGRPCClient {
	t.Helper()
	c, err := adapters.NewUserGRPCClient(context.Background(), endpoint, k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func (f trainerFixture) wantStates(t *testing.T, want map[time.Time]apptest.HourState) {
	t.Helper()
	for at, s := range want {
		if got := f.double.calendar.State(at); got != s {
			t.Errorf("hour %s is %q, want %q", at.Format(time.Kitchen), got, s)
		}
	}
}

func TestTrainerClientBooksAndFreesHoursAsTheTrainingService(t *testing.T) {
	t.Parallel()
	f := newTrainer(t)
	ctx := context.Background()

	if err := f.client.ScheduleTraining(ctx, "t-1/1/1", hourB); err != nil {
		t.Fatal(err)
	}
	// The same operation again is answered as the first time: the id travels with the call.
	if err := f.client.ScheduleTraining(ctx, "t-1/1/1", hourB); err != nil {
		t.Errorf("repeating the booking's operation: %v, want the first answer", err)
	}
	if err := f.client.ScheduleTraining(ctx, "t-2/1/1", hourB); !errors.Is(err, command.ErrHourNotAvailable) {
		t.Errorf("booking a booked hour: %v, want ErrHourNotAvailable", err)
	}
	if err := f.client.ScheduleTraining(ctx, "t-3/1/1", hourB.Add(30*time.Minute)); !errors.Is(err, command.ErrHourNotAvailable) {
		t.Errorf("booking half past (the trainer's hour-not-full): %v, want ErrHourNotAvailable", err)
	}
	if err := f.client.CancelTraining(ctx, "t-0/2/0", hourA); err != nil {
		t.Fatal(err)
	}
	f.wantStates(t, map[time.Time]apptest.HourState{hourA: apptest.Available, hourB: apptest.TrainingScheduled})

	for _, u := range f.double.all() {
		if u.Role != auth.RoleService || u.UUID != adapters.CallerName {
			t.Errorf("the trainer saw the caller %+v, want the service %q", u, adapters.CallerName)
		}
	}
}

func TestUserClientTakesCreditsUntilTheBalanceIsZero(t *testing.T) {
	t.Parallel()
	d := &userServerDouble{balances: apptest.NewUserBalances(map[string]int{attendee: 1})}
	addr := serveGRPC(t, "user", func(s *kgrpc.Server) { userv1.RegisterUserServiceServer(s, d) })
	c := userClient(t, addr, keys(t))
	ctx := context.Background()

	if err := c.UpdateTrainingBalance(ctx, "op-1", attendee, -1); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateTrainingBalance(ctx, "op-2", attendee, -1); !errors.Is(err, command.ErrBalanceTooLow) {
		t.Errorf("debit below zero: %v, want ErrBalanceTooLow", err)
	}
	if err := c.UpdateTrainingBalance(ctx, "op-3", attendee, 2); err != nil {
		t.Fatal(err)
	}
	if got := d.balances.Balance(attendee); got != 2 {
		t.Errorf("balance %d, want 2", got)
	}
	for _, u := range d.all() {
		if u.Role != auth.RoleService || u.UUID != adapters.CallerName {
			t.Errorf("the user service saw the caller %+v", u)
		}
	}
}

// TestFailuresOfTheOtherServicesAreNamed: the user did nothing wrong, so none of
// these may reach them as a 4xx; each names the service that failed.
func TestFailuresOfTheOtherServicesAreNamed(t *testing.T) {
	t.Parallel()
	f := newTrainer(t, adapters.WithTimeout(100*time.Millisecond))
	f.double.hangAt = hourB
	d := &userServerDouble{balances: apptest.NewUserBalances(nil)}
	userAddr := serveGRPC(t, "user", func(s *kgrpc.Server) { userv1.RegisterUserServiceServer(s, d) })
	// A service key the doubles do not trust, signing as the training service.
	forgerKey, err := auth.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	forger := auth.NewServiceSigner(adapters.CallerName, forgerKey)
	ctx := context.Background()

	tests := []struct {
		name string
		call func() error
		want error
		code int32 // 503: try again later; 500: the system is wrong
	}{
		{"trainer down", func() error {
			return trainerClient(t, closedPort(t), keys(t), adapters.WithTimeout(200*time.Millisecond)).ScheduleTraining(ctx, "op-x", hourB)
		}, adapters.ErrTrainerUnavailable, 503},
		{"user down", func() error {
			return userClient(t, closedPort(t), keys(t), adapters.WithTimeout(200*time.Millisecond)).UpdateTrainingBalance(ctx, "op-4", attendee, -1)
		}, adapters.ErrUserUnavailable, 503},
		{"trainer too slow", func() error {
			return f.client.ScheduleTraining(ctx, "op-x", hourB)
		}, adapters.ErrTrainerUnavailable, 503},
		{"trainer refuses our token", func() error {
			return trainerClient(t, f.addr, forger).CancelTraining(ctx, "op-x", hourA)
		}, adapters.ErrTrainerCallFailed, 500},
		{"user service refuses our token", func() error {
			return userClient(t, userAddr, forger).UpdateTrainingBalance(ctx, "op-5", attendee, 1)
		}, adapters.ErrUserCallFailed, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if got := server.ToKratos(err); got.Code != tt.code || got.Reason != errs.ReasonOf(tt.want) {
				t.Errorf("answered as %d %s, want %d %s", got.Code, got.Reason, tt.code, errs.ReasonOf(tt.want))
			}
		})
	}
	if d.balances.Balance(attendee) != 0 {
		t.Errorf("a refused call changed the balance")
	}
}

// TestCallsWaitForAnUpstreamThatStartsLater: services start in any order. A call made while
// the trainer does not listen yet (without waiting, refused at once: 503) waits for it and
// succeeds once it is up, within the call's deadline.
func TestCallsWaitForAnUpstreamThatStartsLater(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	c := trainerClient(t, addr, keys(t), adapters.WithTimeout(10*time.Second))
	calling := make(chan struct{})
	result := make(chan error, 1)
	go func() {
		close(calling)
		result <- c.ScheduleTraining(context.Background(), "op-late", hourB)
	}()
	<-calling
	// Long enough for a refused connection to have failed the call had it not waited.
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-result:
		t.Fatalf("the call ended before the trainer listened: %v", err)
	default:
	}
	d := &trainerServerDouble{calendar: apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{hourB: apptest.Available})}
	serveGRPCAt(t, addr, "trainer", func(s *kgrpc.Server) { trainerv1.RegisterTrainerServiceServer(s, d) })
	if err := <-result; err != nil {
		t.Fatalf("the first call after the trainer came up: %v, want success", err)
	}
	if d.calendar.State(hourB) != apptest.TrainingScheduled {
		t.Errorf("the hour is %q, want it booked by the waiting call", d.calendar.State(hourB))
	}
}

// TestACallerThatGaveUpGetsItsOwnError: a cancelled request is not the trainer's failure.
func TestACallerThatGaveUpGetsItsOwnError(t *testing.T) {
	t.Parallel()
	f := newTrainer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.client.ScheduleTraining(ctx, "op-x", hourB); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestClientsFindTheServiceThroughDiscovery: with a registry the endpoint names the service.
func TestClientsFindTheServiceThroughDiscovery(t *testing.T) {
	t.Parallel()
	d := &trainerServerDouble{calendar: apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{hourB: apptest.Available})}
	addr := serveGRPC(t, "trainer", func(s *kgrpc.Server) { trainerv1.RegisterTrainerServiceServer(s, d) })
	c := trainerClient(t, "discovery:///trainer.grpc", keys(t),
		adapters.WithDiscovery(discoveryDouble{name: "trainer.grpc", endpoints: []string{addr}}))
	if err := c.ScheduleTraining(context.Background(), "op-x", hourB); err != nil {
		t.Fatal(err)
	}
	if d.calendar.State(hourB) != apptest.TrainingScheduled {
		t.Errorf("the discovered trainer did not book the hour")
	}
}
