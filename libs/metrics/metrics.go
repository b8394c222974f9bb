// Package metrics gives a service one OpenTelemetry meter provider exported in Prometheus'
// format at /metrics: kratos' request metrics (middleware/metrics; kratos' own Prometheus
// contrib module is gone since v2.8) and the CQRS handler metrics that libs/decorator records.
//
// Each Metrics owns a private Prometheus registry, so tests (and two services in one process)
// never collide; the /metrics handler adds the process-wide default registry, where the Go
// runtime, the process and the Nacos SDK's client metrics live.
package metrics

import (
	"context"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// Metrics is a service's meter provider and the instruments this package records into.
type Metrics struct {
	provider *sdkmetric.MeterProvider
	gatherer prometheus.Gatherer
	meter    metric.Meter
	server   requestInstruments
	client   requestInstruments
	handlers handlerInstruments
}

// New builds the provider, the exporter and every instrument.
func New(opts ...Option) (*Metrics, error) {
	o := options{service: "unknown_service"}
	for _, opt := range opts {
		opt(&o)
	}
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, err
	}
	res := resource.NewSchemaless(semconv.ServiceName(o.service), semconv.ServiceVersion(o.version))
	provider := sdkmetric.NewMeterProvider(
		sdkmetric.WithReader(exporter),
		sdkmetric.WithResource(res),
		sdkmetric.WithView(secondsView(o.buckets)),
	)
	m := &Metrics{provider: provider, meter: provider.Meter(meterName)}
	m.gatherer = registry
	if !o.privateOnly {
		m.gatherer = prometheus.Gatherers{registry, prometheus.DefaultGatherer}
	}
	if m.server, err = newRequestInstruments(m.meter, ServerRequestsCounter, ServerSecondsHistogram); err != nil {
		return nil, err
	}
	if m.client, err = newRequestInstruments(m.meter, ClientRequestsCounter, ClientSecondsHistogram); err != nil {
		return nil, err
	}
	if m.handlers, err = newHandlerInstruments(m.meter); err != nil {
		return nil, err
	}
	return m, nil
}

// MeterProvider lets other instrumentation (gRPC, database pools) record into the same export.
func (m *Metrics) MeterProvider() metric.MeterProvider { return m.provider }

// Handler serves the Prometheus text format; mount it at /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{})
}

// Shutdown stops the provider; call it from the service's cleanup.
func (m *Metrics) Shutdown(ctx context.Context) error { return m.provider.Shutdown(ctx) }

const meterName = "github.com/kratos-monorepo/monorepo/libs/metrics"
