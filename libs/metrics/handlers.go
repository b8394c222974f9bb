package metrics

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// handlerInstruments record libs/decorator's CQRS handler calls.
type handlerInstruments struct {
	calls   metric.Int64Counter
	errors  metric.Int64Counter
	seconds metric.Float64Histogram
}

func newHandlerInstruments(meter metric.Meter) (handlerInstruments, error) {
	calls, err := meter.Int64Counter(HandlerCallsCounter, metric.WithUnit("{call}"),
		metric.WithDescription("CQRS handler calls by kind (command, query) and handler name."))
	if err != nil {
		return handlerInstruments{}, err
	}
	errors, err := meter.Int64Counter(HandlerErrorsCounter, metric.WithUnit("{call}"),
		metric.WithDescription("CQRS handler calls that returned an error, by error reason."))
	if err != nil {
		return handlerInstruments{}, err
	}
	seconds, err := meter.Float64Histogram(HandlerSecondsHisto, metric.WithUnit("s"),
		metric.WithDescription("CQRS handler duration by kind and handler name."))
	if err != nil {
		return handlerInstruments{}, err
	}
	return handlerInstruments{calls: calls, errors: errors, seconds: seconds}, nil
}

// ObserveHandler implements libs/decorator's MetricsClient. kind is "command" or "query",
// name the handler's (e.g. "ScheduleTraining"). Errors also carry libs/errs' reason, so a
// dashboard can tell "balance-too-low" from an internal failure.
func (m *Metrics) ObserveHandler(kind, name string, took time.Duration, err error) {
	ctx := context.Background()
	labels := metric.WithAttributes(attribute.String("kind", kind), attribute.String("name", name))
	m.handlers.calls.Add(ctx, 1, labels)
	m.handlers.seconds.Record(ctx, took.Seconds(), labels)
	if err != nil {
		m.handlers.errors.Add(ctx, 1, metric.WithAttributes(
			attribute.String("kind", kind), attribute.String("name", name),
			attribute.String("reason", errs.ReasonOf(err)),
		))
	}
}
