package metrics_test

import (
	"context"
	"testing"

	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/testing/metricstest"
)

var _ decorator.MetricsClient = (*metrics.Metrics)(nil)

type ScheduleTraining struct{ Hour int }

type scheduleHandler struct{}

func (scheduleHandler) Handle(_ context.Context, cmd ScheduleTraining) error {
	if cmd.Hour < 0 {
		return errBalanceTooLow
	}
	return nil
}

// A handler wrapped by libs/decorator, with this project's logger and metrics, shows up in the
// scrape under its command's name and in the log.
func TestDecoratedHandlerIsMeasuredAndLogged(t *testing.T) {
	t.Parallel()
	m := newMetrics(t, metrics.WithoutDefaultRegistry())
	core, logs := observer.New(zapcore.DebugLevel)
	logger, err := log.New(log.Options{Core: core, Level: "debug"})
	if err != nil {
		t.Fatal(err)
	}
	h := decorator.ApplyCommandDecorators[ScheduleTraining](scheduleHandler{}, logger.Zap(), m)
	_ = h.Handle(context.Background(), ScheduleTraining{Hour: 9})
	_ = h.Handle(context.Background(), ScheduleTraining{Hour: -1})

	families := metricstest.Scrape(t, startServer(t, m)+"/metrics")
	labels := map[string]string{"kind": "command", "name": "ScheduleTraining"}
	if got := metricstest.Find(families, "cqrs_handler_calls_total", labels).GetCounter().GetValue(); got != 2 {
		t.Errorf("calls = %v, want 2", got)
	}
	labels["reason"] = "balance-too-low"
	if got := metricstest.Find(families, "cqrs_handler_errors_total", labels).GetCounter().GetValue(); got != 1 {
		t.Errorf("errors = %v, want 1", got)
	}
	if logs.Len() != 2 {
		t.Errorf("log entries = %d, want one per call", logs.Len())
	}
}
