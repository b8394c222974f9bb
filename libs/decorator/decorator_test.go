package decorator_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/errs"
)

type ScheduleTraining struct{ Notes string }

type AvailableHours struct{ Day string }

var (
	errHourTaken   = errs.Conflict("hour-not-available", "the hour is not available")
	errDiskFailure = errors.New("disk failure")
)

// observation is one ObserveHandler call.
type observation struct {
	kind, name string
	took       time.Duration
	err        error
}

// recordingMetrics is a MetricsClient test double that remembers every call.
type recordingMetrics struct {
	mu   sync.Mutex
	seen []observation
}

func (r *recordingMetrics) ObserveHandler(kind, name string, took time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, observation{kind, name, took, err})
}

type commandFunc func(context.Context, ScheduleTraining) error

func (f commandFunc) Handle(ctx context.Context, c ScheduleTraining) error { return f(ctx, c) }

type queryFunc func(context.Context, AvailableHours) ([]string, error)

func (f queryFunc) Handle(ctx context.Context, q AvailableHours) ([]string, error) { return f(ctx, q) }

func TestCommandDecoratorsLogAndMeasure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		err       error
		level     zapcore.Level
		message   string
		reason    string
		wantError bool
	}{
		{"success", nil, zapcore.InfoLevel, "command handled", "", false},
		{"domain error", errHourTaken, zapcore.WarnLevel, "command failed", "hour-not-available", true},
		{"system error", errDiskFailure, zapcore.ErrorLevel, "command failed", "internal", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			core, logs := observer.New(zapcore.DebugLevel)
			metrics := &recordingMetrics{}
			var got ScheduleTraining
			h := decorator.ApplyCommandDecorators[ScheduleTraining](commandFunc(func(_ context.Context, c ScheduleTraining) error {
				got = c
				return tt.err
			}), zap.New(core), metrics)

			err := h.Handle(context.Background(), ScheduleTraining{Notes: "legs"})

			if !errors.Is(err, tt.err) || (err != nil) != tt.wantError {
				t.Fatalf("Handle() error = %v, want %v", err, tt.err)
			}
			if got.Notes != "legs" {
				t.Errorf("handler got %+v, want the command passed through", got)
			}
			assertObserved(t, metrics, decorator.KindCommand, "ScheduleTraining", tt.err)
			entries := logs.AllUntimed()
			if len(entries) != 1 {
				t.Fatalf("got %d log entries, want 1", len(entries))
			}
			entry := entries[0]
			if entry.Level != tt.level || entry.Message != tt.message {
				t.Errorf("log = %v %q, want %v %q", entry.Level, entry.Message, tt.level, tt.message)
			}
			fields := entry.ContextMap()
			if fields["handler"] != "ScheduleTraining" || fields["kind"] != "command" {
				t.Errorf("log fields = %v, want handler ScheduleTraining and kind command", fields)
			}
			if _, ok := fields["duration"]; !ok {
				t.Errorf("log fields = %v, want a duration", fields)
			}
			if tt.wantError && fields["reason"] != tt.reason {
				t.Errorf("reason = %v, want %q", fields["reason"], tt.reason)
			}
			if _, ok := fields["notes"]; ok {
				t.Errorf("log fields = %v: the command's content must not be logged", fields)
			}
		})
	}
}

func TestQueryDecoratorsPassResultThrough(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	metrics := &recordingMetrics{}
	h := decorator.ApplyQueryDecorators[AvailableHours, []string](queryFunc(func(_ context.Context, q AvailableHours) ([]string, error) {
		return []string{q.Day + "T10:00"}, nil
	}), zap.New(core), metrics)

	got, err := h.Handle(context.Background(), AvailableHours{Day: "2026-11-27"})

	if err != nil || len(got) != 1 || got[0] != "2026-11-27T10:00" {
		t.Fatalf("Handle() = %v, %v; want the handler's result", got, err)
	}
	assertObserved(t, metrics, decorator.KindQuery, "AvailableHours", nil)
	entries := logs.FilterMessage("query handled").FilterField(zap.String("handler", "AvailableHours")).Len()
	if entries != 1 {
		t.Errorf("got %d 'query handled' entries for AvailableHours, want 1", entries)
	}
}

func TestQueryDecoratorsReportErrors(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	metrics := &recordingMetrics{}
	h := decorator.ApplyQueryDecorators[AvailableHours, []string](queryFunc(func(context.Context, AvailableHours) ([]string, error) {
		return nil, errHourTaken
	}), zap.New(core), metrics)

	if _, err := h.Handle(context.Background(), AvailableHours{}); !errors.Is(err, errHourTaken) {
		t.Fatalf("Handle() error = %v, want %v", err, errHourTaken)
	}
	assertObserved(t, metrics, decorator.KindQuery, "AvailableHours", errHourTaken)
	if n := logs.FilterField(zap.String("reason", "hour-not-available")).Len(); n != 1 {
		t.Errorf("got %d entries with reason hour-not-available, want 1", n)
	}
}

func TestNilLoggerAndMetricsAreAllowed(t *testing.T) {
	t.Parallel()
	calls := 0
	h := decorator.ApplyCommandDecorators[ScheduleTraining](commandFunc(func(context.Context, ScheduleTraining) error {
		calls++
		return nil
	}), nil, nil)
	if err := h.Handle(context.Background(), ScheduleTraining{}); err != nil || calls != 1 {
		t.Fatalf("Handle() = %v after %d calls, want nil after 1", err, calls)
	}
}

func assertObserved(t *testing.T, m *recordingMetrics, kind, name string, err error) {
	t.Helper()
	if len(m.seen) != 1 {
		t.Fatalf("got %d metric observations, want 1", len(m.seen))
	}
	o := m.seen[0]
	if o.kind != kind || o.name != name || !errors.Is(o.err, err) || (o.err == nil) != (err == nil) {
		t.Errorf("observed %q %q err=%v, want %q %q err=%v", o.kind, o.name, o.err, kind, name, err)
	}
	if o.took < 0 {
		t.Errorf("observed negative duration %v", o.took)
	}
}
