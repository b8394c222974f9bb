package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	kmiddleware "github.com/go-kratos/kratos/v2/middleware"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"google.golang.org/grpc"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// The people of the tests; names are in their tokens, as the training list shows them.
var (
	ada            = auth.User{UUID: "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e", Role: auth.RoleAttendee, Name: "Ada"}
	bob            = auth.User{UUID: "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", Role: auth.RoleAttendee, Name: "Bob"}
	tess           = auth.User{UUID: "8a1f4b3e-2c6d-4e7f-9a0b-1c2d3e4f5a6b", Role: auth.RoleTrainer, Name: "Tess"}
	trainerService = auth.User{UUID: "trainer", Role: auth.RoleService, Name: "trainer"}
)

// now is the service's clock: the tests' hours are days after it, so every training can be
// moved and cancelled for free unless a test says otherwise.
var now = time.Date(2031, time.March, 3, 8, 0, 0, 0, time.UTC)

// hour is the n-th open hour of the trainer's calendar.
func hour(n int) time.Time { return now.Add(72*time.Hour + time.Duration(n)*time.Hour) }

const openHours = 10

const startBalance = 5

type fixture struct {
	addrs    servicetest.Addrs
	svc      *service.Service
	keys     *authtest.Signer
	calendar *apptest.TrainerCalendar
	balances *apptest.UserBalances
}

// newService builds the training service on SQLite in a temporary folder, with the apptest
// doubles in place of the trainer and user services: hours 0..9 open, Ada and Bob holding
// startBalance credits each.
func newService(t testing.TB) fixture {
	t.Helper()
	return newServiceOn(t, &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(t.TempDir(), "training.db")})
}

// newServiceOn is newService on the given database.
func newServiceOn(t testing.TB, db *conf.Data_Database) fixture {
	t.Helper()
	return newServiceWith(t, db, nil, func() time.Time { return now })
}

// newServiceWith is newServiceOn with the operations' settings and the clock given.
func newServiceWith(t testing.TB, db *conf.Data_Database, ops *service.Operations, clock func() time.Time) fixture {
	t.Helper()
	hours := map[time.Time]apptest.HourState{}
	for n := range openHours {
		hours[hour(n)] = apptest.Available
	}
	f := fixture{
		calendar: apptest.NewTrainerCalendar(hours),
		balances: apptest.NewUserBalances(map[string]int{ada.UUID: startBalance, bob.UUID: startBalance}),
	}
	bc := &conf.Bootstrap{
		Server:   servicetest.Listeners(),
		Data:     &conf.Data{Database: db},
		Auth:     authtest.Conf("training"),
		Log:      &conf.Log{Level: "error"},
		Settings: servicetest.Settings(&service.Settings{Operations: ops}),
	}
	svc, err := service.New(context.Background(), bc, "test",
		service.WithTrainerService(f.calendar),
		service.WithUserService(f.balances),
		service.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	f.svc = svc
	f.keys, err = authtest.NewSigner("training")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// start also serves it on free loopback ports.
func start(t *testing.T) fixture {
	t.Helper()
	f := newService(t)
	f.addrs = servicetest.Start(t, f.svc.Base, f.svc.Kratos())
	return f
}

func (f fixture) token(t testing.TB, u auth.User) string {
	t.Helper()
	token, err := f.keys.Sign(u, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func (f fixture) http(t *testing.T, u auth.User) trainingv1.TrainingServiceHTTPClient {
	t.Helper()
	return trainingv1.NewTrainingServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, trainingv1.OpenAPI, auth.Bearer(f.token(t, u))))
}

func (f fixture) grpc(t *testing.T, u auth.User) trainingv1.TrainingServiceClient {
	t.Helper()
	return trainingv1.NewTrainingServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Bearer(f.token(t, u))))
}

// all asks for every training the caller may see.
var all = &trainingv1.ListTrainingsRequest{}

// list is the trainings a ListTrainings call returned, by uuid.
func list(t *testing.T, r result[*trainingv1.ListTrainingsResponse]) map[string]*trainingv1.Training {
	t.Helper()
	out := map[string]*trainingv1.Training{}
	for _, tr := range r.get(t).GetTrainings() {
		out[tr.GetUuid()] = tr
	}
	return out
}

func wantError(t *testing.T, err error, code int, reason string) {
	t.Helper()
	e := kerrors.FromError(err)
	if err == nil || int(e.Code) != code || e.Reason != reason {
		t.Errorf("error = %v, want %d %s", err, code, reason)
	}
}

// result holds a call's answer until the test checks it: check(client.Call(...)).get(t).
type result[T any] struct {
	v   T
	err error
}

func check[T any](v T, err error) result[T] { return result[T]{v, err} }

func (r result[T]) get(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

type middleware = kmiddleware.Middleware

func httpClient(t *testing.T, f fixture, mw ...middleware) *khttp.Client {
	t.Helper()
	return servicetest.HTTPClient(t, f.addrs.HTTP, trainingv1.OpenAPI, mw...)
}

func grpcConn(t *testing.T, f fixture, mw ...middleware) *grpc.ClientConn {
	t.Helper()
	return servicetest.GRPCConn(t, f.addrs.GRPC, mw...)
}
