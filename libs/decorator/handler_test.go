package decorator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

func TestCommandRunsTheFunctionAndMeasuresItUnderTheCommandsName(t *testing.T) {
	metrics := &recordingMetrics{}
	var got ScheduleTraining
	h := decorator.Command(func(_ context.Context, cmd ScheduleTraining) error {
		got = cmd
		return errHourTaken
	}, nil, metrics, &memory{})
	if err := h.Handle(context.Background(), ScheduleTraining{Notes: "legs"}); err != errHourTaken {
		t.Fatalf("Handle = %v, want the function's error", err)
	}
	if got.Notes != "legs" {
		t.Fatalf("the function saw %+v", got)
	}
	if len(metrics.seen) != 1 || metrics.seen[0].kind != decorator.KindCommand || metrics.seen[0].name != "ScheduleTraining" {
		t.Fatalf("metrics saw %+v", metrics.seen)
	}
}

func TestQueryRunsTheFunctionAndMeasuresItUnderTheQuerysName(t *testing.T) {
	metrics := &recordingMetrics{}
	h := decorator.Query(func(_ context.Context, q AvailableHours) ([]string, error) {
		return []string{q.Day}, nil
	}, nil, metrics)
	got, err := h.Handle(context.Background(), AvailableHours{Day: "monday"})
	if err != nil || len(got) != 1 || got[0] != "monday" {
		t.Fatalf("Handle = %v, %v", got, err)
	}
	if len(metrics.seen) != 1 || metrics.seen[0].kind != decorator.KindQuery || metrics.seen[0].name != "AvailableHours" {
		t.Fatalf("metrics saw %+v", metrics.seen)
	}
}

func TestCommandAndQueryNameTheHandlerWhenADependencyIsNil(t *testing.T) {
	for name, build := range map[string]func(){
		"ScheduleTraining": func() {
			decorator.Command(func(context.Context, ScheduleTraining) error { return nil }, nil, nil, &memory{}, nil)
		},
		"AvailableHours": func() {
			decorator.Query(func(context.Context, AvailableHours) ([]string, error) { return nil, nil }, nil, nil, (*memory)(nil))
		},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, name+": dependency ") {
					t.Fatalf("panic = %q, want one naming %s", msg, name)
				}
			}()
			build()
		})
	}
}
