package metrics

// Option configures New.
type Option func(*options)

type options struct {
	service     string
	version     string
	buckets     []float64
	privateOnly bool
}

// WithService names the service in the exported target_info.
func WithService(name, version string) Option {
	return func(o *options) { o.service, o.version = name, version }
}

// WithBuckets replaces the duration histogram boundaries (seconds) of every histogram here.
func WithBuckets(bounds ...float64) Option {
	return func(o *options) { o.buckets = bounds }
}

// WithoutDefaultRegistry serves only this Metrics' own series, leaving out the process-wide
// registry (Go runtime, process, Nacos SDK). Tests use it to see exactly what they recorded.
func WithoutDefaultRegistry() Option {
	return func(o *options) { o.privateOnly = true }
}
