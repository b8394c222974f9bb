// Package authtest holds a test deployment's token keys: the user service's key for users'
// tokens and one key per calling service for its service tokens, all made afresh per test
// process (never the published development keys), with the auth sections that configure each
// service with them and signers that sign tokens as those services would.
package authtest

import (
	"sync"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// UserKey is the user service's: it signs users' tokens.
var UserKey = mustGenerate()

// TrainingKey is the training service's: it signs training's calls to trainer and user.
var TrainingKey = ServiceKey(Caller)

// Caller is the service that calls others in this system.
const Caller = "training"

// serviceNames are the services every test configuration trusts for service tokens.
var serviceNames = []string{"training", "trainer", "user"}

var (
	serviceKeysMu sync.Mutex
	serviceKeys   = map[string]*auth.SigningKey{}
)

// ServiceKey is the key of the service name's service tokens.
func ServiceKey(name string) *auth.SigningKey {
	serviceKeysMu.Lock()
	defer serviceKeysMu.Unlock()
	k, ok := serviceKeys[name]
	if !ok {
		k = mustGenerate()
		serviceKeys[name] = k
	}
	return k
}

func mustGenerate() *auth.SigningKey {
	k, err := auth.GenerateSigningKey()
	if err != nil {
		panic(err)
	}
	return k
}

// Conf is the auth section of the service named service in the test deployment: the user
// service signs users' tokens with UserKey; the others sign their calls with their
// ServiceKey; every service trusts UserKey for users and each service's key for its calls.
func Conf(service string) *conf.Auth {
	a := &conf.Auth{UserKeys: []string{UserKey.Public().String()}, ServiceKeys: map[string]string{}}
	for _, name := range serviceNames {
		a.ServiceKeys[name] = ServiceKey(name).Public().String()
	}
	if service == "user" {
		a.SigningKey, a.UserKeys = UserKey.Seed(), nil
	} else {
		a.SigningKey = ServiceKey(service).Seed()
	}
	return a
}

// Signer signs tokens for calls to one service as the test deployment does: users' tokens
// with UserKey, a service's (auth.RoleService, the service's name as UUID) with its key.
type Signer struct {
	audience string
	users    *auth.Issuer
	services func(name string) *auth.SigningKey
}

// NewSigner signs for calls to the service audience (the error is always nil; it keeps the
// shape of a constructor reading keys).
func NewSigner(audience string) (*Signer, error) {
	return &Signer{audience: audience, users: auth.NewIssuer(UserKey), services: ServiceKey}, nil
}

// NewForger signs like NewSigner, with keys nobody trusts.
func NewForger(audience string) (*Signer, error) {
	forged := map[string]*auth.SigningKey{}
	var mu sync.Mutex
	return &Signer{audience: audience, users: auth.NewIssuer(mustGenerate()), services: func(name string) *auth.SigningKey {
		mu.Lock()
		defer mu.Unlock()
		if forged[name] == nil {
			forged[name] = mustGenerate()
		}
		return forged[name]
	}}, nil
}

// Sign is a token for u valid for ttl (a service token lives serviceTokenTTL whatever ttl).
func (s *Signer) Sign(u auth.User, ttl time.Duration) (string, error) {
	if u.Role == auth.RoleService {
		return auth.NewServiceSigner(u.UUID, s.services(u.UUID)).Token(s.audience)
	}
	return s.users.Sign(u, ttl)
}

// ServiceSigner signs the service name's calls, as that service does.
func ServiceSigner(name string) *auth.ServiceSigner {
	return auth.NewServiceSigner(name, ServiceKey(name))
}

// Token is a token for u, signed as the user service signs one.
func Token(t testing.TB, u auth.User, ttl time.Duration) string {
	t.Helper()
	token, err := auth.NewIssuer(UserKey).Sign(u, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// ServiceToken is a token of the training service for calls to audience.
func ServiceToken(t testing.TB, audience string) string {
	t.Helper()
	token, err := ServiceSigner(Caller).Token(audience)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// Verifier verifies tokens as the service audience of the test deployment does.
func Verifier(audience string) *auth.Verifier {
	services := map[string]auth.PublicKey{}
	for _, name := range serviceNames {
		services[name] = ServiceKey(name).Public()
	}
	return auth.NewVerifier(audience, auth.StaticKeySet(UserKey.Public()), services)
}

// Forged is a token for u signed by a key nobody trusts.
func Forged(t testing.TB, u auth.User) string {
	t.Helper()
	token, err := auth.NewIssuer(mustGenerate()).Sign(u, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return token
}
