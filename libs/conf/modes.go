package conf

// Registry kinds, the values of registry.kind.
const (
	// RegistryStatic (or empty): upstream endpoints are addresses; nothing is registered.
	RegistryStatic = "static"
	// RegistryNacos: the service registers in Nacos and discovers its upstreams there.
	RegistryNacos = "nacos"
)

// Configuration sources, the values of config.source; see the Config message in conf.proto.
const (
	SourceFile                  = "file"
	SourceNacos                 = "nacos"
	SourceNacosWithFileFallback = "nacos_with_file_fallback"
)
