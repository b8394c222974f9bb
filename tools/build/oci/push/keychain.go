package push

import (
	"os"

	"github.com/google/go-containerregistry/pkg/authn"
)

// Environment variables that carry credentials where no docker config file is at hand (CI).
const (
	EnvUsername = "REGISTRY_USERNAME"
	EnvPassword = "REGISTRY_PASSWORD"
)

// envKeychain answers every registry with the credentials from the environment, when set.
type envKeychain struct{ lookup func(string) (string, bool) }

func (k envKeychain) Resolve(authn.Resource) (authn.Authenticator, error) {
	user, okUser := k.lookup(EnvUsername)
	pass, okPass := k.lookup(EnvPassword)
	if !okUser || !okPass || user == "" {
		return authn.Anonymous, nil
	}
	return &authn.Basic{Username: user, Password: pass}, nil
}

// BasicKeychain answers every registry with these credentials (flags, `--password-stdin`).
func BasicKeychain(username, password string) authn.Keychain {
	return envKeychain{lookup: func(key string) (string, bool) {
		switch key {
		case EnvUsername:
			return username, true
		case EnvPassword:
			return password, true
		}
		return "", false
	}}
}

// DefaultKeychain tries the environment first (explicit beats ambient), then the docker
// config file (authn.DefaultKeychain: $DOCKER_CONFIG, ~/.docker/config.json, podman's auth).
func DefaultKeychain() authn.Keychain {
	return authn.NewMultiKeychain(envKeychain{lookup: os.LookupEnv}, authn.DefaultKeychain)
}
