// Package decorator wraps CQRS handlers with cross-cutting concerns (tracing, logging, metrics)
// so that application handlers contain only their use case.
//
// Every handler constructor in app/command and app/query returns its use case as a function,
// checked and wrapped by Command or Query:
//
//	return decorator.Command(func(ctx context.Context, cmd ScheduleTraining) error { ... }, logger, metrics, deps...)
//
// The order is span and logging -> metrics -> handler: the handler runs in its own span (a child
// of the request's, see libs/tracing), the log line carries that span's trace and span ids and
// the ids the input names with `log:"..."` tags (Fields) and also covers the time spent
// recording metrics, and metrics see exactly the handler's result.
package decorator

import (
	"context"
	"time"

	"go.uber.org/zap"
)

// CommandHandler changes state and returns only whether it succeeded.
type CommandHandler[C any] interface {
	Handle(ctx context.Context, cmd C) error
}

// QueryHandler reads state and never changes it.
type QueryHandler[Q any, R any] interface {
	Handle(ctx context.Context, q Q) (R, error)
}

// MetricsClient records one handled command or query. kind is "command" or "query", name the
// command or query type's name (for example "ScheduleTraining").
type MetricsClient interface {
	ObserveHandler(kind, name string, took time.Duration, err error)
}

// The kinds passed to MetricsClient and written to logs.
const (
	KindCommand = "command"
	KindQuery   = "query"
)

// ApplyCommandDecorators wraps h with logging and metrics. A nil logger logs nothing and a nil
// MetricsClient records nothing, so tests can build handlers without either.
func ApplyCommandDecorators[C any](h CommandHandler[C], logger *zap.Logger, m MetricsClient) CommandHandler[C] {
	return commandLogging[C]{
		logger: loggerOrNop(logger),
		base:   commandMetrics[C]{client: metricsOrNop(m), base: h},
	}
}

// ApplyQueryDecorators wraps h with logging and metrics; nil logger and MetricsClient are
// allowed as for ApplyCommandDecorators.
func ApplyQueryDecorators[Q any, R any](h QueryHandler[Q, R], logger *zap.Logger, m MetricsClient) QueryHandler[Q, R] {
	return queryLogging[Q, R]{
		logger: loggerOrNop(logger),
		base:   queryMetrics[Q, R]{client: metricsOrNop(m), base: h},
	}
}

// NopMetrics records nothing.
type NopMetrics struct{}

// ObserveHandler does nothing.
func (NopMetrics) ObserveHandler(string, string, time.Duration, error) {}

func loggerOrNop(l *zap.Logger) *zap.Logger {
	if l == nil {
		return zap.NewNop()
	}
	return l
}

func metricsOrNop(m MetricsClient) MetricsClient {
	if m == nil {
		return NopMetrics{}
	}
	return m
}
