package nacosregistry

// Option configures a Registry.
type Option func(*options)

type options struct {
	group   string
	cluster string
	weight  float64
}

// WithGroup puts the services in a Nacos group; DEFAULT_GROUP when not set.
func WithGroup(group string) Option { return func(o *options) { o.group = group } }

// WithCluster registers instances in a Nacos cluster; DEFAULT when not set.
func WithCluster(cluster string) Option { return func(o *options) { o.cluster = cluster } }

// WithWeight sets the load-balancing weight of registered instances; 100 when not set.
func WithWeight(weight float64) Option { return func(o *options) { o.weight = weight } }
