package conf

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Configuration errors stop a service at start-up with a reason an operator can search for.
var (
	ErrConfigDir  = errs.Invalid("config-dir-missing", "the -conf folder cannot be read")
	ErrConfigLoad = errs.Invalid("config-invalid", "the configuration cannot be loaded")
	// ErrUnknownMode stops a service whose mode is neither production nor development.
	ErrUnknownMode = errs.Invalid("unknown-mode", `mode must be "production" (the default) or "development"`)
)
