package service_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

// The calendar every test runs with: hours 8 to 20 UTC, up to 6 weeks ahead.
var hoursConfig = &service.Hours{EarliestHour: 8, LatestHour: 20, MaxWeeksAhead: 6}

// tomorrow is midnight UTC of the next day: its working hours are always ahead of the wall clock
// and within the booking window, whatever time the test runs.
func tomorrow() time.Time {
	y, m, d := time.Now().UTC().AddDate(0, 0, 1).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func tomorrowAt(h int) *timestamppb.Timestamp {
	return timestamppb.New(tomorrow().Add(time.Duration(h) * time.Hour))
}

// backends are the databases the service runs on: its embedded default and a real PostgreSQL.
func backends() map[string]func(t *testing.T) *conf.Data_Database {
	return map[string]func(t *testing.T) *conf.Data_Database{
		"sqlite": func(t *testing.T) *conf.Data_Database { return sqliteIn(t.TempDir()) },
		"postgres": func(t *testing.T) *conf.Data_Database {
			return &conf.Data_Database{Driver: "postgres", Source: pgtest.NewDatabase(t)}
		},
	}
}

func sqliteIn(dir string) *conf.Data_Database {
	return &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(dir, "trainer.db")}
}

func bootstrap(db *conf.Data_Database) *conf.Bootstrap {
	return &conf.Bootstrap{
		Server:   servicetest.Listeners(),
		Data:     &conf.Data{Database: db},
		Auth:     authtest.Conf("trainer"),
		Settings: servicetest.Settings(&service.Settings{Hours: hoursConfig}),
	}
}

type fixture struct {
	svc   *service.Service
	addrs servicetest.Addrs
	keys  *authtest.Signer
}

// start runs the trainer service on db until the test ends.
func start(t *testing.T, db *conf.Data_Database) fixture {
	t.Helper()
	svc, err := service.New(context.Background(), bootstrap(db), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	addrs := servicetest.Start(t, svc.Base, svc.Kratos())
	keys, err := authtest.NewSigner("trainer")
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: svc, addrs: addrs, keys: keys}
}

func (f fixture) token(t *testing.T, u auth.User, ttl time.Duration) string {
	t.Helper()
	token, err := f.keys.Sign(u, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// httpAs is the generated HTTP client sending u's token.
func (f fixture) httpAs(t *testing.T, u auth.User) trainerv1.TrainerServiceHTTPClient {
	t.Helper()
	return trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, trainerv1.OpenAPI, auth.Bearer(f.token(t, u, time.Hour))))
}

// grpcAsService is the generated gRPC client as the training service calls it.
func (f fixture) grpcAsService(t *testing.T) trainerv1.TrainerServiceClient {
	t.Helper()
	return trainerv1.NewTrainerServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Client(authtest.ServiceSigner("training"), "trainer")))
}

// The callers of the tests: the demo trainer and attendee.
var (
	trainer  = demo.Trainer
	attendee = demo.Attendee
)

func wantError(t *testing.T, what string, err error, code int, reason string) {
	t.Helper()
	e := kerrors.FromError(err)
	if err == nil || int(e.Code) != code || e.Reason != reason {
		t.Errorf("%s: error = %v, want %d %s", what, err, code, reason)
	}
}

// availabilityAt reads one hour of tomorrow from the calendar, as the attendee sees it.
func availabilityAt(t *testing.T, client trainerv1.TrainerServiceHTTPClient, h int) trainerv1.Availability {
	t.Helper()
	cal, err := client.GetCalendar(context.Background(), &trainerv1.GetCalendarRequest{DateFrom: tomorrowAt(0), DateTo: tomorrowAt(0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, hr := range cal.GetDays()[0].GetHours() {
		if hr.GetTime().AsTime().Equal(tomorrowAt(h).AsTime()) {
			return hr.GetAvailability()
		}
	}
	t.Fatalf("hour %d is not in the calendar %v", h, cal)
	return trainerv1.Availability_AVAILABILITY_UNSPECIFIED
}

var operations atomic.Int64

// withOperation gives req an operation id of its own: each call is a new change, as each of the
// training service's steps is.
func withOperation(req *trainerv1.HourRequest) *trainerv1.HourRequest {
	return &trainerv1.HourRequest{Time: req.GetTime(), OperationId: fmt.Sprintf("test/%d", operations.Add(1))}
}
