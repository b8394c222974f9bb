package push

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Errors a caller can match with errors.Is; each reason is a stable slug.
var (
	ErrUnauthorized = errs.Unauthenticated("registry-unauthorized",
		"the registry refused the push for lack of valid credentials: run `docker login <registry>` "+
			"(read from $DOCKER_CONFIG/config.json or ~/.docker/config.json) or set REGISTRY_USERNAME and REGISTRY_PASSWORD")
	ErrRegistryUnreachable = errs.New(errs.KindInternal, "registry-unreachable",
		"no registry answers at this address: start one, or pass --registry=host:port (or set $REGISTRY)")
	ErrBadRepository = errs.Invalid("bad-repository", "the repository is not a valid image repository name")
	ErrBadTag        = errs.Invalid("bad-tag", "the tag is not a valid image tag")
)
