package decorator

import (
	"context"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

type commandLogging[C any] struct {
	logger *zap.Logger
	base   CommandHandler[C]
}

func (d commandLogging[C]) Handle(ctx context.Context, cmd C) error {
	start := time.Now()
	err := d.base.Handle(ctx, cmd)
	logResult(d.logger, KindCommand, HandlerName(cmd), time.Since(start), err)
	return err
}

type queryLogging[Q any, R any] struct {
	logger *zap.Logger
	base   QueryHandler[Q, R]
}

func (d queryLogging[Q, R]) Handle(ctx context.Context, q Q) (R, error) {
	start := time.Now()
	result, err := d.base.Handle(ctx, q)
	logResult(d.logger, KindQuery, HandlerName(q), time.Since(start), err)
	return result, err
}

// logResult writes one line per handled command or query. The input itself is not logged:
// commands carry personal data (names, notes) that must not end up in log storage.
//
// A domain error (a client's mistake such as "hour-not-available") is logged at warn level,
// anything else at error level, so that alerts on error logs fire only for system failures.
func logResult(logger *zap.Logger, kind, name string, took time.Duration, err error) {
	fields := []zap.Field{
		zap.String("kind", kind),
		zap.String("handler", name),
		zap.Duration("duration", took),
	}
	if err == nil {
		logger.Info(kind+" handled", fields...)
		return
	}
	fields = append(fields, zap.String("reason", errs.ReasonOf(err)), zap.Error(err))
	level := zapcore.ErrorLevel
	if errs.KindOf(err) != errs.KindInternal {
		level = zapcore.WarnLevel
	}
	logger.Log(level, kind+" failed", fields...)
}
