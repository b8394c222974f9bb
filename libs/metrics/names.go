package metrics

import (
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// Instrument names. The Prometheus exporter appends the unit and type suffixes, so the series
// are e.g. server_requests_code_total and server_requests_duration_seconds_bucket.
const (
	ServerRequestsCounter  = "server_requests_code"
	ServerSecondsHistogram = "server_requests_duration"
	ClientRequestsCounter  = "client_requests_code"
	ClientSecondsHistogram = "client_requests_duration"
	HandlerCallsCounter    = "cqrs_handler_calls"
	HandlerErrorsCounter   = "cqrs_handler_errors"
	HandlerSecondsHisto    = "cqrs_handler_duration"
)

// DefaultBuckets cover a fast in-memory query (1 ms) up to a slow cross-service command (5 s).
var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// secondsView gives every seconds histogram the same boundaries so dashboards can compare them.
func secondsView(bounds []float64) sdkmetric.View {
	if len(bounds) == 0 {
		bounds = DefaultBuckets
	}
	return sdkmetric.NewView(
		sdkmetric.Instrument{Unit: "s"},
		sdkmetric.Stream{Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: bounds}},
	)
}
