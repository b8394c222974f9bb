package app

import (
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// Option configures NewApplication.
type Option func(*options)

type options struct {
	logger  *zap.Logger
	metrics decorator.MetricsClient
	now     func() time.Time
	saga    command.SagaConfig
}

// WithLogger sets the logger every handler logs to.
func WithLogger(l *zap.Logger) Option { return func(o *options) { o.logger = l } }

// WithMetrics sets where every handler's duration and outcome are recorded.
func WithMetrics(m decorator.MetricsClient) Option { return func(o *options) { o.metrics = m } }

// WithClock replaces time.Now for the 24-hour rules; tests pass a fixed clock.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSagaConfig sets how operations are driven and retried (zero fields keep the defaults).
func WithSagaConfig(c command.SagaConfig) Option { return func(o *options) { o.saga = c } }
