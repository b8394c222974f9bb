package log

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
)

// The fields naming a log line's trace and span, as OpenTelemetry writes the ids (lowercase
// hex); an operator pastes trace_id into Jaeger's search to see the whole request.
const (
	TraceIDKey = "trace_id"
	SpanIDKey  = "span_id"
)

// TraceFields are the trace_id and span_id of the span in ctx (libs/tracing starts one per
// request), or none when ctx has no span.
func TraceFields(ctx context.Context) []zap.Field {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return nil
	}
	return []zap.Field{zap.String(TraceIDKey, sc.TraceID().String()), zap.String(SpanIDKey, sc.SpanID().String())}
}

// For is logger with the trace and span ids of ctx, for code that logs through zap (libs/decorator,
// the saga) so its lines join the request's other lines.
func For(ctx context.Context, logger *zap.Logger) *zap.Logger {
	fields := TraceFields(ctx)
	if fields == nil {
		return logger
	}
	return logger.With(fields...)
}
