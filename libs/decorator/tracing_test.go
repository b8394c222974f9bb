package decorator_test

import (
	"context"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

// entity stands for a domain value with private fields that names itself by its uuid.
type entity struct{ uuid string }

func (e entity) UUID() string { return e.uuid }

type actor struct {
	UUID string `log:"user"`
	Role string
}

type BookHour struct {
	TrainingUUID string      `log:"training"`
	Attendee     entity      `log:"user"`
	Hour         time.Time   `log:"hour"`
	Hours        []time.Time `log:"hours"`
	Notes        string      // personal: never logged
	Token        string      // secret: never logged
	By           actor       // untagged struct: searched for tags
	Missing      *string     `log:"missing"`
}

func TestFieldsAreTheTaggedIDsOnly(t *testing.T) {
	t.Parallel()
	at := time.Date(2030, 1, 2, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	cmd := BookHour{
		TrainingUUID: "t-1", Attendee: entity{uuid: "u-1"}, Hour: at,
		Hours: []time.Time{at, at.Add(time.Hour), at.Add(2 * time.Hour), at.Add(3 * time.Hour)},
		Notes: "my knee hurts", Token: "secret-token", By: actor{UUID: "trainer-1", Role: "trainer"},
	}
	got := decorator.Fields(&cmd)
	want := []decorator.Field{
		{"training", "t-1"}, {"user", "u-1"}, {"hour", "2030-01-02T09:00:00Z"},
		{"hours", "2030-01-02T09:00:00Z,2030-01-02T10:00:00Z,2030-01-02T11:00:00Z (4 in all)"},
		{"user", "trainer-1"},
	}
	if len(got) != len(want) {
		t.Fatalf("Fields = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d = %v, want %v", i, got[i], want[i])
		}
	}
	if fs := decorator.Fields(ScheduleTraining{Notes: "x"}); len(fs) != 0 {
		t.Errorf("an untagged command has fields %v", fs)
	}
}

// The handler runs in a child span of the request's, named after the command and carrying its
// ids; the log line carries that span's ids and the same ids.
func TestCommandSpanAndLogLineShareTheTrace(t *testing.T) {
	t.Parallel()
	recorder := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	ctx, request := provider.Tracer("test").Start(context.Background(), "request")

	core, logs := observer.New(zap.InfoLevel)
	var inner trace.SpanContext
	h := decorator.ApplyCommandDecorators[BookHour](commandHandler[BookHour](func(ctx context.Context, _ BookHour) error {
		inner = trace.SpanContextFromContext(ctx)
		return errHourTaken
	}), zap.New(core), nil)
	_ = h.Handle(ctx, BookHour{TrainingUUID: "t-9", Attendee: entity{uuid: "u-9"}, Notes: "private"})
	request.End()

	spans := recorder.Ended()
	if len(spans) != 2 || spans[0].Name() != "command BookHour" {
		t.Fatalf("spans = %v, want the command's then the request's", spanNames(spans))
	}
	span := spans[0]
	if span.Parent().SpanID() != request.SpanContext().SpanID() || span.SpanContext().SpanID() != inner.SpanID() {
		t.Errorf("the command span is not the request span's child, or not the handler's context")
	}
	attrs := map[string]string{}
	for _, a := range span.Attributes() {
		attrs[string(a.Key)] = a.Value.Emit()
	}
	if attrs["training"] != "t-9" || attrs["user"] != "u-9" || attrs["error.reason"] != "hour-not-available" {
		t.Errorf("span attributes = %v", attrs)
	}
	entries := logs.All()
	if len(entries) != 1 {
		t.Fatalf("%d log lines, want 1", len(entries))
	}
	fields := entries[0].ContextMap()
	if fields["trace_id"] != inner.TraceID().String() || fields["span_id"] != inner.SpanID().String() {
		t.Errorf("log line trace_id/span_id = %v/%v, want %s/%s", fields["trace_id"], fields["span_id"], inner.TraceID(), inner.SpanID())
	}
	if fields["training"] != "t-9" || fields["user"] != "u-9" {
		t.Errorf("log line ids = %v", fields)
	}
	if _, leaked := fields["Notes"]; leaked {
		t.Errorf("notes were logged: %v", fields)
	}
}

// Without a span in the context (a worker, a test) the handler still runs and its line has no
// trace ids.
func TestNoSpanWithoutATrace(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zap.InfoLevel)
	var inner trace.SpanContext
	h := decorator.ApplyCommandDecorators[BookHour](commandHandler[BookHour](func(ctx context.Context, _ BookHour) error {
		inner = trace.SpanContextFromContext(ctx)
		return nil
	}), zap.New(core), nil)
	if err := h.Handle(context.Background(), BookHour{TrainingUUID: "t-1"}); err != nil {
		t.Fatal(err)
	}
	if inner.IsValid() {
		t.Errorf("a span was made without a trace: %v", inner)
	}
	if _, ok := logs.All()[0].ContextMap()["trace_id"]; ok {
		t.Errorf("trace_id logged without a trace")
	}
}

type commandHandler[C any] func(context.Context, C) error

func (f commandHandler[C]) Handle(ctx context.Context, c C) error { return f(ctx, c) }

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}
