package prometheus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
	"github.com/kratos-monorepo/monorepo/tools/local/system"
)

// The real Prometheus, on the shipped configuration, scrapes the three real services (as
// tools/local runs them) after one booking, and holds each service's request and CQRS series.
func TestPrometheusScrapesTheRunningServices(t *testing.T) {
	prometheusBinary(t) // before starting the services it would scrape
	ctx, cancel := context.WithCancel(context.Background())
	sys, err := system.Start(ctx, system.Options{DataDir: t.TempDir(), Host: "127.0.0.1", Version: "prom"})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sys.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	var groups []fileSDGroup
	addr := map[string]string{}
	for _, s := range sys.Services {
		addr[s.Name] = s.HTTP
		groups = append(groups, fileSDGroup{Targets: []string{s.HTTP}, Labels: map[string]string{"service": s.Name}})
	}
	bookOneTraining(t, addr["trainer"], addr["training"])
	prom := startPrometheus(t, groups)

	want := []string{
		`up{job="services",service="user"} == 1`,
		`up{job="services",service="trainer"} == 1`,
		`up{job="services",service="training"} == 1`,
		`server_requests_code_total{service="training",kind="http",operation="/training.v1.TrainingService/ScheduleTraining",code="200"} == 1`,
		`server_requests_code_total{service="trainer",kind="grpc",operation="/trainer.v1.TrainerService/ScheduleTraining",code="200"} == 1`,
		`client_requests_code_total{service="training",operation="/user.v1.UserService/UpdateTrainingBalance",code="200"} == 1`,
		`cqrs_handler_calls_total{service="training",kind="command",name="ScheduleTraining"} == 1`,
		`cqrs_handler_calls_total{service="user",kind="command",name="UpdateTrainingBalance"} == 1`,
		`cqrs_handler_duration_seconds_count{service="trainer",kind="command",name="MakeHoursAvailable"} == 1`,
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var missing []string
		for _, expr := range want {
			got, err := prom.query(expr)
			if err != nil {
				t.Fatalf("Prometheus rejected %s: %v", expr, err)
			}
			if len(got) != 1 {
				missing = append(missing, expr)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s Prometheus still lacks:\n  %s\nprometheus log:\n%s", strings.Join(missing, "\n  "), prom.log)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// bookOneTraining: the trainer opens an hour three days ahead and the demo attendee books it.
func bookOneTraining(t *testing.T, trainerHTTP, trainingHTTP string) {
	t.Helper()
	token := func(u auth.User) string {
		s, err := demo.Token(u, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 3)
	at := timestamppb.New(day.Add(10 * time.Hour))
	ctx := context.Background()
	hours := trainerv1.NewTrainerServiceHTTPClient(servicetest.HTTPClient(t, trainerHTTP, trainerv1.OpenAPI, auth.Bearer(token(demo.Trainer))))
	if _, err := hours.MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{at}}); err != nil {
		t.Fatal(err)
	}
	trainings := trainingv1.NewTrainingServiceHTTPClient(servicetest.HTTPClient(t, trainingHTTP, trainingv1.OpenAPI, auth.Bearer(token(demo.Attendee))))
	if _, err := trainings.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: at, Notes: "scraped"}); err != nil {
		t.Fatal(err)
	}
}
