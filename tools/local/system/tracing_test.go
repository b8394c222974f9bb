package system_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/jaegertest"
	"github.com/kratos-monorepo/monorepo/libs/testing/logtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainer "github.com/kratos-monorepo/monorepo/services/trainer/service"
	training "github.com/kratos-monorepo/monorepo/services/training/service"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	user "github.com/kratos-monorepo/monorepo/services/user/service"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

// capturedStderr collects what the services write to stderr (their logs: libs/log writes to
// the os.Stderr of the moment a service is built) from now until the test ends.
type capturedStderr struct {
	mu    sync.Mutex
	lines []logtest.Entry
	done  chan struct{}
}

func captureStderr(t *testing.T) *capturedStderr {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	c := &capturedStderr{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if e, err := logtest.Parse(sc.Text()); err == nil {
				c.mu.Lock()
				c.lines = append(c.lines, e)
				c.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		os.Stderr = saved
		w.Close()
		<-c.done
		r.Close()
	})
	return c
}

// withTrace are the lines that name traceID.
func (c *capturedStderr) withTrace(traceID string) []logtest.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []logtest.Entry
	for _, e := range c.lines {
		if e.Fields["trace_id"] == traceID {
			out = append(out, e)
		}
	}
	return out
}

// first is the first line matching message and operation or handler (either may be empty).
func (c *capturedStderr) first(service, message, operation, handler string) (logtest.Entry, bool) {
	// A line is in the pipe before the response that follows it is sent, but the goroutine
	// reading the pipe may not have parsed it yet: wait for it a little.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if e, ok := c.find(service, message, operation, handler); ok || time.Now().After(deadline) {
			return e, ok
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (c *capturedStderr) find(service, message, operation, handler string) (logtest.Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.lines {
		if e.Service() == service && e.Message == message &&
			(operation == "" || e.Fields["operation"] == operation) &&
			(handler == "" || e.Fields["handler"] == handler) {
			return e, true
		}
	}
	return logtest.Entry{}, false
}

// tracedBootstrap is a service's embedded configuration on free ports, logging JSON at info
// level and exporting every trace to the OTLP/HTTP receiver at otlp.
func tracedBootstrap(t *testing.T, defaults []byte, db, otlp string) *conf.Bootstrap {
	t.Helper()
	bc, c, err := conf.Load(defaults, "")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	bc.Server = servicetest.Listeners()
	bc.Mode = conf.ModeDevelopment // demo tokens, as in tools/local
	bc.Data.Database = &conf.Data_Database{Driver: "sqlite", Source: db}
	bc.Log = &conf.Log{Format: "json", Level: "info"}
	bc.Tracing = &conf.Tracing{Export: true, OtlpEndpoint: otlp}
	return bc
}

// A booking crosses the three real services with Jaeger receiving their spans: Jaeger holds one
// trace with the spans of all three (requests, commands, SQL statements), and each service's log
// lines for the booking carry that trace's id and the ids the command acts on.
func TestBookingIsOneTraceInJaegerAndInEveryServiceLog(t *testing.T) {
	jaeger := jaegertest.Start(t)
	logs := captureStderr(t)
	ctx := context.Background()
	dir := t.TempDir()

	u, err := user.New(ctx, tracedBootstrap(t, user.DefaultConfig, filepath.Join(dir, "user.db"), jaeger.OTLP), "e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Close)
	attendee := auth.User{UUID: demo.Attendee.UUID, Role: auth.RoleAttendee, Name: "Ada"}
	if err := u.Application.Commands.CreateUser.Handle(ctx, command.CreateUser{UserID: attendee.UUID, Role: "attendee", DisplayName: "Ada", Balance: 5}); err != nil {
		t.Fatal(err)
	}
	userAddrs := servicetest.Start(t, u.Base, u.Kratos())
	tr, err := trainer.New(ctx, tracedBootstrap(t, trainer.DefaultConfig, filepath.Join(dir, "trainer.db"), jaeger.OTLP), "e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	trainerAddrs := servicetest.Start(t, tr.Base, tr.Kratos())
	bc := tracedBootstrap(t, training.DefaultConfig, filepath.Join(dir, "training.db"), jaeger.OTLP)
	bc.Upstreams["trainer"].Endpoint = trainerAddrs.GRPC
	bc.Upstreams["user"].Endpoint = userAddrs.GRPC
	tn, err := training.New(ctx, bc, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tn.Close)
	trainingAddrs := servicetest.Start(t, tn.Base, tn.Kratos())

	hour := openHours(t, trainerAddrs.HTTP, 1)[0]
	body := fmt.Sprintf(`{"time": %q, "notes": "private note"}`, hour.Format(time.RFC3339))
	req, _ := http.NewRequest(http.MethodPost, "http://"+trainingAddrs.HTTP+"/trainings", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer(t, attendee))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var booked struct {
		TrainingUUID string `json:"uuid"`
		Pending      bool   `json:"pending"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(reply, &booked) != nil || booked.Pending {
		t.Fatalf("booking: %d %s", resp.StatusCode, reply)
	}

	// The training service's request line names the trace the booking started.
	line, ok := logs.first("training", "request", "/training.v1.TrainingService/ScheduleTraining", "")
	if !ok {
		t.Fatal("the training service logged no request line for the booking")
	}
	traceID, _ := line.Fields["trace_id"].(string)
	if len(traceID) != 32 {
		t.Fatalf("the booking's request line has trace_id %q", traceID)
	}

	// Each service logged the booking under that trace: the requests, and the commands with the
	// ids they act on (never the note).
	wantLines := []struct{ service, message, operation, handler string }{
		{"training", "request", "/training.v1.TrainingService/ScheduleTraining", ""},
		{"training", "command handled", "", "ScheduleTraining"},
		{"user", "request", "/user.v1.UserService/UpdateTrainingBalance", ""},
		{"user", "command handled", "", "UpdateTrainingBalance"},
		{"trainer", "request", "/trainer.v1.TrainerService/ScheduleTraining", ""},
		{"trainer", "command handled", "", "ScheduleTraining"},
	}
	traced := logs.withTrace(traceID)
	for _, w := range wantLines {
		found := false
		for _, e := range traced {
			if e.Service() == w.service && e.Message == w.message &&
				(w.operation == "" || e.Fields["operation"] == w.operation) && (w.handler == "" || e.Fields["handler"] == w.handler) {
				found = true
				if span, _ := e.Fields["span_id"].(string); len(span) != 16 {
					t.Errorf("%s %q has span_id %q", w.service, w.message, span)
				}
			}
		}
		if !found {
			t.Errorf("%s logged no %q line (%s%s) with trace_id %s", w.service, w.message, w.operation, w.handler, traceID)
		}
	}
	for _, e := range traced {
		if strings.Contains(e.Raw, "private note") {
			t.Errorf("a log line holds the training's note: %s", e.Raw)
		}
		if e.Message != "command handled" {
			continue
		}
		switch e.Service() {
		case "training":
			if e.Fields["training"] != booked.TrainingUUID || e.Fields["user"] != attendee.UUID || e.Fields["hour"] != hour.Format(time.RFC3339) {
				t.Errorf("training's command line lacks its ids: %s", e.Raw)
			}
		case "user":
			if e.Fields["user"] != attendee.UUID || e.Fields["operation"] == nil {
				t.Errorf("user's command line lacks its ids: %s", e.Raw)
			}
		case "trainer":
			if e.Fields["hour"] != hour.Format(time.RFC3339) {
				t.Errorf("trainer's command line lacks its hour: %s", e.Raw)
			}
		}
	}

	// Jaeger has the trace: spans of all three services, with the commands and SQL statements.
	complete := func(spans []jaegertest.Span) bool {
		services := map[string]bool{}
		sql := map[string]bool{}
		for _, s := range spans {
			services[s.Service] = true
			if s.Tags["db.system.name"] != "" {
				sql[s.Service] = true
			}
		}
		return services["training"] && services["user"] && services["trainer"] && sql["training"] && sql["user"] && sql["trainer"]
	}
	spans := jaeger.WaitTrace(t, traceID, 30*time.Second, complete)
	if !complete(spans) {
		var seen []string
		for _, s := range spans {
			seen = append(seen, s.Service+": "+s.Name)
		}
		t.Fatalf("trace %s in Jaeger lacks a service or its SQL spans; spans:\n%s", traceID, strings.Join(seen, "\n"))
	}
	for _, s := range spans {
		if s.TraceID != traceID {
			t.Errorf("span %s %s has trace id %s", s.Service, s.Name, s.TraceID)
		}
	}
	for _, want := range []struct{ service, name string }{
		{"training", "training.v1.TrainingService/ScheduleTraining"},
		{"training", "command ScheduleTraining"},
		{"user", "user.v1.UserService/UpdateTrainingBalance"},
		{"user", "command UpdateTrainingBalance"},
		{"trainer", "trainer.v1.TrainerService/ScheduleTraining"},
		{"trainer", "command ScheduleTraining"},
	} {
		found := false
		for _, s := range spans {
			if s.Service == want.service && strings.TrimPrefix(s.Name, "/") == want.name {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s span %q in the trace", want.service, want.name)
		}
	}
	t.Logf("trace %s: %d spans from %v", traceID, len(spans), jaegertest.Services(spans))
}
