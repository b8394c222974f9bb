package log_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	klog "github.com/go-kratos/kratos/v2/log"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
)

func TestLogMapsKratosLevelsAndFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		level klog.Level
		want  zapcore.Level
	}{
		{klog.LevelDebug, zapcore.DebugLevel},
		{klog.LevelInfo, zapcore.InfoLevel},
		{klog.LevelWarn, zapcore.WarnLevel},
		{klog.LevelError, zapcore.ErrorLevel},
		{klog.LevelFatal, zapcore.FatalLevel},
	}
	for _, tt := range tests {
		t.Run(tt.level.String(), func(t *testing.T) {
			t.Parallel()
			core, logs := observer.New(zapcore.DebugLevel)
			l, err := log.New(log.Options{Service: "trainer", Version: "1.2.3", Level: "debug", Core: core})
			if err != nil {
				t.Fatal(err)
			}
			_ = l.Log(tt.level, klog.DefaultMessageKey, "hour scheduled", "hour", 13)
			entries := logs.All()
			if len(entries) != 1 {
				t.Fatalf("got %d entries, want 1", len(entries))
			}
			e := entries[0]
			if e.Level != tt.want || e.Message != "hour scheduled" {
				t.Errorf("got level %v message %q, want %v %q", e.Level, e.Message, tt.want, "hour scheduled")
			}
			fields := e.ContextMap()
			if fields["hour"] != int64(13) || fields["service.name"] != "trainer" || fields["service.version"] != "1.2.3" {
				t.Errorf("fields = %v", fields)
			}
		})
	}
}

func TestLevelFiltersEntries(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	l, err := log.New(log.Options{Level: "warn", Core: core})
	if err != nil {
		t.Fatal(err)
	}
	h := klog.NewHelper(l)
	h.Info("dropped")
	h.Warn("kept")
	if got := logs.Len(); got != 1 || logs.All()[0].Message != "kept" {
		t.Fatalf("got %d entries %v, want only the warning", got, logs.All())
	}
}

func TestDanglingKeyIsKept(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	l, _ := log.New(log.Options{Core: core})
	_ = l.Log(klog.LevelInfo, "msg", "odd", "orphan")
	if got := logs.All()[0].ContextMap()["!BADKEY"]; got != "orphan" {
		t.Fatalf("!BADKEY = %v, want orphan", got)
	}
}

func TestProductionWritesJSONAndDevelopmentConsole(t *testing.T) {
	t.Parallel()
	var prod, dev bytes.Buffer
	pl, err := log.New(log.Options{Env: log.EnvProduction, Output: &prod, Service: "user"})
	if err != nil {
		t.Fatal(err)
	}
	dl, err := log.New(log.Options{Env: log.EnvDevelopment, Output: &dev})
	if err != nil {
		t.Fatal(err)
	}
	klog.NewHelper(pl).Infow("msg", "balance changed", "balance", 3)
	klog.NewHelper(dl).Infow("msg", "balance changed", "balance", 3)

	var entry map[string]any
	if err := json.Unmarshal(prod.Bytes(), &entry); err != nil {
		t.Fatalf("production output is not JSON: %v: %q", err, prod.String())
	}
	if entry["msg"] != "balance changed" || entry["balance"] != float64(3) || entry["level"] != "info" || entry["service.name"] != "user" {
		t.Errorf("production entry = %v", entry)
	}
	if json.Valid(dev.Bytes()) || !strings.Contains(dev.String(), "balance changed") || !strings.Contains(dev.String(), `{"balance": 3}`) {
		t.Errorf("development output should be a console line, got %q", dev.String())
	}
}

func TestBadOptionsAreNamedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts log.Options
		want error
	}{
		{"env", log.Options{Env: "staging"}, log.ErrUnknownEnv},
		{"level", log.Options{Level: "loud"}, log.ErrUnknownLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := log.New(tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if errs.KindOf(err) != errs.KindInvalid {
				t.Errorf("kind = %v, want invalid", errs.KindOf(err))
			}
		})
	}
}

func TestContextFieldsCarryTraceSpanAndRequestIDs(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	l, _ := log.New(log.Options{Core: core})
	traceID, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	spanID, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: traceID, SpanID: spanID, TraceFlags: trace.FlagsSampled,
	}))
	ctx = log.ContextWithRequestID(ctx, "req-42")

	klog.NewHelper(log.WithContextFields(l)).WithContext(ctx).Info("hello")

	got := logs.All()[0].ContextMap()
	want := map[string]string{"trace_id": traceID.String(), "span_id": spanID.String(), "request_id": "req-42"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestZapSharesTheCore(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	l, _ := log.New(log.Options{Service: "training", Core: core})
	l.Zap().Info("from the decorator")
	if logs.Len() != 1 || logs.All()[0].ContextMap()["service.name"] != "training" {
		t.Fatalf("zap logger did not write through the same core: %v", logs.All())
	}
}
