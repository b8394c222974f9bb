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

// The values of mode: production (the default) refuses the published development keys;
// development, for a developer's machine only (tools/local), accepts the development one.
const (
	ModeProduction  = "production"
	ModeDevelopment = "development"
)

// Development reports whether bc runs in development mode; ErrUnknownMode for any other value
// than the two, so that a typo cannot switch production checks off or on unnoticed.
func Development(bc *Bootstrap) (bool, error) {
	switch bc.GetMode() {
	case "", ModeProduction:
		return false, nil
	case ModeDevelopment:
		return true, nil
	}
	return false, ErrUnknownMode
}
