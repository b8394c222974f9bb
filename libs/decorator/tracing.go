package decorator

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// tracerName names the spans this package makes (OpenTelemetry's instrumentation scope).
const tracerName = "github.com/kratos-monorepo/monorepo/libs/decorator"

// startSpan opens the span of one command or query ("command ScheduleTraining") as a child of
// the span in ctx, from that span's own provider: the service's (libs/tracing), so the handler
// needs no tracer of its own, and none at all where ctx has no span (a test, a background
// worker without a trace), where the span records nothing. The span carries the ids the input
// names (Fields), as the log line does.
func startSpan(ctx context.Context, kind, name string, fields []Field) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	ctx, span := parent.TracerProvider().Tracer(tracerName).Start(ctx, kind+" "+name)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, len(fields)+2)
		attrs = append(attrs, attribute.String("cqrs.kind", kind), attribute.String("cqrs.handler", name))
		for _, f := range fields {
			attrs = append(attrs, attribute.String(f.Key, f.Value))
		}
		span.SetAttributes(attrs...)
	}
	return ctx, span
}

// endSpan marks a failure (its stable reason as an attribute) and ends the span. A client's
// mistake is recorded too: the trace should show why a booking was refused.
func endSpan(span trace.Span, err error) {
	if err != nil && span.IsRecording() {
		span.SetAttributes(attribute.String("error.reason", errs.ReasonOf(err)))
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
