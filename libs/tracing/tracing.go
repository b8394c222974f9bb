// Package tracing gives a service its OpenTelemetry tracer provider, made from the config's
// tracing section, and the kratos middleware that start a span per request (server) and per
// call to another service (client), carrying the W3C trace context (traceparent, tracestate)
// in HTTP headers and gRPC metadata.
//
// Spans are always made: every request's log lines carry its trace_id and span_id (libs/log),
// and the trace context reaches the services it calls, so one request can be followed through
// the logs of every service even where nothing is exported. With tracing.export the sampled
// spans go over OTLP/HTTP to a collector (Jaeger, deploy/ansible); without it nothing is
// recorded (a sampler that samples nothing: the ids exist, the spans cost next to nothing).
//
// Each service has its own provider, never OpenTelemetry's global one: several services share
// one process in tools/local and the end-to-end tests, and each must name itself in its spans.
// Below the request span, libs/decorator opens a span per command and query and libs/sqlstore
// one per SQL statement, both from the provider of the span they find in the context.
package tracing

import (
	"context"
	"errors"
	"math"

	"github.com/go-kratos/kratos/v2/middleware"
	ktracing "github.com/go-kratos/kratos/v2/middleware/tracing"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// DefaultOTLPEndpoint is where spans go when tracing.otlp_endpoint is empty: a collector on the
// same host (Jaeger's OTLP/HTTP port).
const DefaultOTLPEndpoint = "127.0.0.1:4318"

// ErrBadSamplingRatio stops a service whose tracing.sampling_ratio is not a share.
var ErrBadSamplingRatio = errs.Invalid("tracing-sampling-ratio", "tracing.sampling_ratio must be between 0 and 1")

// Tracing is one service's tracer provider and the propagation format it speaks.
type Tracing struct {
	provider   *sdktrace.TracerProvider
	propagator propagation.TextMapPropagator
	exporting  bool
}

// Propagator is the trace context format on the wire: W3C Trace Context and Baggage, plus
// kratos' own metadata header, which tells the callee the caller's service name (peer.service).
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(
		propagation.TraceContext{}, propagation.Baggage{}, ktracing.Metadata{})
}

// New makes the provider that cfg describes for the service name at version. Exporting
// connects lazily: a collector that is down loses spans, never requests.
func New(ctx context.Context, cfg *conf.Tracing, name, version string) (*Tracing, error) {
	ratio := 1.0
	if cfg != nil && cfg.SamplingRatio != nil {
		ratio = cfg.GetSamplingRatio()
	}
	if math.IsNaN(ratio) || ratio < 0 || ratio > 1 {
		return nil, ErrBadSamplingRatio
	}
	res := resource.NewSchemaless(
		attribute.String("service.name", name),
		attribute.String("service.version", version),
	)
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	t := &Tracing{propagator: Propagator(), exporting: cfg.GetExport()}
	if t.exporting {
		endpoint := cfg.GetOtlpEndpoint()
		if endpoint == "" {
			endpoint = DefaultOTLPEndpoint
		}
		exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpoint(endpoint), otlptracehttp.WithInsecure())
		if err != nil {
			return nil, err
		}
		// A trace's root follows the configured ratio; a span whose caller sent a trace context
		// follows the caller's decision, so traces are kept or dropped whole.
		opts = append(opts,
			sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))),
			sdktrace.WithBatcher(exporter))
	} else {
		// Nothing would read recorded spans: keep the ids, record nothing.
		opts = append(opts, sdktrace.WithSampler(sdktrace.NeverSample()))
	}
	t.provider = sdktrace.NewTracerProvider(opts...)
	return t, nil
}

// Exporting reports whether spans leave the process (tracing.export).
func (t *Tracing) Exporting() bool { return t.exporting }

// Provider is the service's tracer provider.
func (t *Tracing) Provider() trace.TracerProvider { return t.provider }

// Server starts a span per request, continuing the caller's trace when the request carries a
// trace context; put it first in the servers' middleware chain so everything after it (the
// request log, the handlers) runs inside the span.
func (t *Tracing) Server() middleware.Middleware {
	return ktracing.Server(ktracing.WithTracerProvider(t.provider), ktracing.WithPropagator(t.propagator))
}

// Client starts a span per call to another service and sends the trace context with the call.
func (t *Tracing) Client() middleware.Middleware {
	return ktracing.Client(ktracing.WithTracerProvider(t.provider), ktracing.WithPropagator(t.propagator))
}

// Shutdown sends the spans still buffered and stops the exporter; call it after the servers
// stopped.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if err := t.provider.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
