package push

import (
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// DefaultRegistry is where images go when neither the flag nor $REGISTRY names one.
const DefaultRegistry = "localhost:5000"

// Repository resolves a repository such as "kratos/user" against registry. A repository that
// already names a registry ("reg.example:5000/kratos/user") gets it replaced when registry is
// set, so one push target serves every environment.
func Repository(repository, registry string, insecure bool) (name.Repository, error) {
	path := repository
	if first, rest, ok := strings.Cut(repository, "/"); ok && isRegistryHost(first) {
		if registry == "" {
			registry = first
		}
		path = rest
	}
	if registry == "" {
		registry = DefaultRegistry
	}
	var opts []name.Option
	if insecure {
		opts = append(opts, name.Insecure)
	}
	repo, err := name.NewRepository(registry+"/"+path, append(opts, name.StrictValidation)...)
	if err != nil {
		return name.Repository{}, fmt.Errorf("%w: %q at %q: %v", ErrBadRepository, repository, registry, err)
	}
	return repo, nil
}

// isRegistryHost follows Docker's rule: the first component is a host when it has a dot or a
// port, or is localhost.
func isRegistryHost(s string) bool {
	return strings.ContainsAny(s, ".:") || s == "localhost"
}
