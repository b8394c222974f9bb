package metrics

import (
	"github.com/go-kratos/kratos/v2/middleware"
	kmetrics "github.com/go-kratos/kratos/v2/middleware/metrics"
	"go.opentelemetry.io/otel/metric"
)

// requestInstruments are the two instruments kratos' metrics middleware records into.
type requestInstruments struct {
	requests metric.Int64Counter
	seconds  metric.Float64Histogram
}

func newRequestInstruments(meter metric.Meter, counter, histogram string) (requestInstruments, error) {
	requests, err := meter.Int64Counter(counter, metric.WithUnit("{call}"),
		metric.WithDescription("Requests by kind, operation, code and error reason."))
	if err != nil {
		return requestInstruments{}, err
	}
	seconds, err := meter.Float64Histogram(histogram, metric.WithUnit("s"),
		metric.WithDescription("Request duration by kind and operation."))
	if err != nil {
		return requestInstruments{}, err
	}
	return requestInstruments{requests: requests, seconds: seconds}, nil
}

// Server is kratos' server metrics middleware recording into this provider; put it in the
// HTTP and gRPC servers' middleware chains.
func (m *Metrics) Server() middleware.Middleware {
	return kmetrics.Server(kmetrics.WithRequests(m.server.requests), kmetrics.WithSeconds(m.server.seconds))
}

// Client is the same for outgoing calls to other services.
func (m *Metrics) Client() middleware.Middleware {
	return kmetrics.Client(kmetrics.WithRequests(m.client.requests), kmetrics.WithSeconds(m.client.seconds))
}
