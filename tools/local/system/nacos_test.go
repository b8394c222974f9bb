package system_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	trainer "github.com/kratos-monorepo/monorepo/services/trainer/service"
	training "github.com/kratos-monorepo/monorepo/services/training/service"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	user "github.com/kratos-monorepo/monorepo/services/user/service"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

// bootstrapFor is a service's embedded configuration placed on free ports, with the given
// database file and Nacos as its registry.
func bootstrapFor(t *testing.T, defaults []byte, db, nacos string) *conf.Bootstrap {
	t.Helper()
	bc, c, err := conf.Load(defaults, "")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	bc.Server = servicetest.Listeners()
	bc.Mode = conf.ModeDevelopment // the demo tokens are signed with the development secret, as in tools/local
	bc.Data.Database = &conf.Data_Database{Driver: "sqlite", Source: db}
	bc.Log = &conf.Log{Level: "warn"}
	bc.Registry = &conf.Registry{Kind: conf.RegistryNacos, Nacos: &conf.Nacos{Servers: []string{nacos}}}
	return bc
}

// running starts app on base until the test ends; stop ends it earlier (as SIGTERM would).
func running(t *testing.T, base *server.Base, app *kratos.App) (addrs servicetest.Addrs, stop func()) {
	t.Helper()
	addrs = servicetest.Start(t, base, app)
	return addrs, func() { _ = app.Stop() }
}

// Two trainer instances registered in Nacos: training dials discovery:///trainer.grpc, spreads
// its calls over both, and keeps booking when one stops.
func TestTrainingUsesEveryTrainerInNacosAndSurvivesOneStopping(t *testing.T) {
	ns := nacostest.Start(t)
	nacos := "127.0.0.1:" + strconv.FormatUint(ns.ServerConfig().Port, 10)
	ctx := context.Background()
	dir := t.TempDir()

	u, err := user.New(ctx, bootstrapFor(t, user.DefaultConfig, filepath.Join(dir, "user.db"), nacos), "e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Close)
	attendee := auth.User{UUID: demo.Attendee.UUID, Role: auth.RoleAttendee, Name: "Ada"}
	if err := u.Application.Commands.CreateUser.Handle(ctx, command.CreateUser{UserID: attendee.UUID, Role: "attendee", DisplayName: "Ada", Balance: 100}); err != nil {
		t.Fatal(err)
	}
	userAddrs, _ := running(t, u.Base, u.Kratos())

	// Both trainers share one database, as instances of one service do.
	var trainers []servicetest.Addrs
	var stopFirst func()
	for i := range 2 {
		tr, err := trainer.New(ctx, bootstrapFor(t, trainer.DefaultConfig, filepath.Join(dir, "trainer.db"), nacos), "e2e")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(tr.Close)
		addrs, stop := running(t, tr.Base, tr.Kratos())
		trainers = append(trainers, addrs)
		if i == 0 {
			stopFirst = stop
		}
	}

	bc := bootstrapFor(t, training.DefaultConfig, filepath.Join(dir, "training.db"), nacos)
	bc.Upstreams["trainer"].Endpoint = "discovery:///trainer.grpc"
	bc.Upstreams["user"].Endpoint = userAddrs.GRPC
	tn, err := training.New(ctx, bc, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tn.Close)
	trainingAddrs, _ := running(t, tn.Base, tn.Kratos())

	waitForInstances(t, ns, 2)
	hours := openHours(t, trainers[0].HTTP, 24)
	book := trainingv1.NewTrainingServiceHTTPClient(servicetest.HTTPClient(t, trainingAddrs.HTTP, trainingv1.OpenAPI, auth.Bearer(bearer(t, attendee))))
	for _, h := range hours[:20] {
		if _, err := book.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: timestamppb.New(h)}); err != nil {
			t.Fatalf("booking %v: %v", h, err)
		}
	}
	for i, addrs := range trainers {
		n := scheduledCalls(t, addrs.HTTP)
		t.Logf("trainer instance %d served %d of the 20 bookings", i, n)
		if n == 0 {
			t.Errorf("trainer instance %d served none of the 20 bookings", i)
		}
	}

	stopFirst()
	waitForInstances(t, ns, 1)
	for _, h := range hours[20:] {
		if _, err := book.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: timestamppb.New(h)}); err != nil {
			t.Fatalf("booking %v after one trainer stopped: %v", h, err)
		}
	}
}

func waitForInstances(t *testing.T, ns *nacostest.Server, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := len(ns.Instances("", "DEFAULT_GROUP", "trainer.grpc"))
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Nacos lists %d trainer.grpc instances, want %d", got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openHours has the trainer open n whole hours, two days ahead onwards, within working hours.
func openHours(t *testing.T, trainerHTTP string, n int) []time.Time {
	t.Helper()
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 2)
	var hours []time.Time
	var stamps []*timestamppb.Timestamp
	for d := 0; len(hours) < n; d++ {
		for h := 9; h < 19 && len(hours) < n; h++ {
			at := day.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
			hours = append(hours, at)
			stamps = append(stamps, timestamppb.New(at))
		}
	}
	c := trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, trainerHTTP, trainerv1.OpenAPI, auth.Bearer(bearer(t, demo.Trainer))))
	if _, err := c.MakeHoursAvailable(context.Background(), &trainerv1.MakeHoursRequest{Hours: stamps}); err != nil {
		t.Fatal(err)
	}
	return hours
}

var scheduleSeries = regexp.MustCompile(`server_requests_code_total\{[^}]*operation="/trainer.v1.TrainerService/ScheduleTraining"[^}]*\} (\d+)`)

// scheduledCalls reads from a trainer instance's /metrics how many bookings it served.
func scheduledCalls(t *testing.T, httpAddr string) int {
	t.Helper()
	resp, err := http.Get("http://" + httpAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	total := 0
	for _, m := range scheduleSeries.FindAllStringSubmatch(string(body), -1) {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	return total
}
