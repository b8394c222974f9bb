package decorator

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
)

// commandLogging opens the handler's span and writes its log line; the line carries the span's
// trace and span ids, so it leads to the trace, and the trace's span to the line.
type commandLogging[C any] struct {
	logger *zap.Logger
	base   CommandHandler[C]
}

func (d commandLogging[C]) Handle(ctx context.Context, cmd C) error {
	start := time.Now()
	name, fields := HandlerName(cmd), Fields(cmd)
	ctx, span := startSpan(ctx, KindCommand, name, fields)
	err := d.base.Handle(ctx, cmd)
	endSpan(span, err)
	logResult(ctx, d.logger, KindCommand, name, fields, time.Since(start), err)
	return err
}

type queryLogging[Q any, R any] struct {
	logger *zap.Logger
	base   QueryHandler[Q, R]
}

func (d queryLogging[Q, R]) Handle(ctx context.Context, q Q) (R, error) {
	start := time.Now()
	name, fields := HandlerName(q), Fields(q)
	ctx, span := startSpan(ctx, KindQuery, name, fields)
	result, err := d.base.Handle(ctx, q)
	endSpan(span, err)
	logResult(ctx, d.logger, KindQuery, name, fields, time.Since(start), err)
	return result, err
}

// logResult writes one line per handled command or query: its handler, the ids it acts on
// (the input's tagged fields, see Fields), the trace and span ids, the duration and, on
// failure, the reason. The rest of the input is not logged: commands carry personal data
// (names, notes) that must not end up in log storage.
//
// A domain error (a client's mistake such as "hour-not-available") is logged at warn level,
// anything else at error level, so that alerts on error logs fire only for system failures.
func logResult(ctx context.Context, logger *zap.Logger, kind, name string, ids []Field, took time.Duration, err error) {
	level := zapcore.InfoLevel
	if err != nil {
		level = zapcore.ErrorLevel
		if errs.KindOf(err) != errs.KindInternal {
			level = zapcore.WarnLevel
		}
	}
	msg := kind + " handled"
	if err != nil {
		msg = kind + " failed"
	}
	ce := logger.Check(level, msg)
	if ce == nil {
		return
	}
	fields := make([]zap.Field, 0, len(ids)+7)
	fields = append(fields, zap.String("kind", kind), zap.String("handler", name))
	for _, id := range ids {
		fields = append(fields, zap.String(id.Key, id.Value))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		fields = append(fields, zap.String(log.TraceIDKey, sc.TraceID().String()), zap.String(log.SpanIDKey, sc.SpanID().String()))
	}
	fields = append(fields, zap.Duration("duration", took))
	if err != nil {
		fields = append(fields, zap.String("reason", errs.ReasonOf(err)), zap.Error(err))
	}
	ce.Write(fields...)
}
