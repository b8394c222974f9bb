package auth

import (
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Verifier checks the tokens a service receives. It trusts two kinds of keys, each for its own
// kind of caller: the user service's keys (a KeySet) for attendees' and trainers' tokens only,
// and each calling service's key for that service's tokens only (role service, subject its
// name, audience this service). So a service's key cannot mint a user's token, nor call as
// another service, and the user service's key cannot mint a service token.
//
// Verified tokens are cached until they expire (bounded, see DefaultCacheSize): a caller sends
// the same token with every request, and an Ed25519 verification costs about ten times an
// HS256 one, while a cache hit costs a map lookup.
type Verifier struct {
	audience string
	users    *KeySet
	services map[string]serviceKey // by key id
	cache    *tokenCache
	now      func() time.Time
}

type serviceKey struct {
	name string
	key  PublicKey
}

// DefaultCacheSize bounds the verified tokens kept: at about 0.5 KB each, 10,000 tokens hold a
// few megabytes.
const DefaultCacheSize = 10000

// NewVerifier verifies tokens for the service named audience: users' tokens with users' keys,
// service tokens with services (by calling service name).
func NewVerifier(audience string, users *KeySet, services map[string]PublicKey) *Verifier {
	v := &Verifier{
		audience: audience, users: users, services: map[string]serviceKey{},
		cache: newTokenCache(DefaultCacheSize), now: time.Now,
	}
	if v.users == nil {
		v.users = StaticKeySet()
	}
	for name, k := range services {
		v.services[k.ID] = serviceKey{name: name, key: k}
	}
	return v
}

var errUnknownKey = errors.New("unknown key id")

// Verify returns the caller a token was issued to. Only EdDSA is accepted, so a token naming
// another algorithm ("none", HS256 with a public key as secret) is refused.
func (v *Verifier) Verify(token string) (User, error) {
	now := v.now()
	if u, ok := v.cache.get(token, now); ok {
		return u, nil
	}
	var c claims
	var service *serviceKey
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if sk, ok := v.services[kid]; ok {
			service = &sk
			return sk.key.Key, nil
		}
		if k, ok := v.users.Lookup(kid); ok {
			return k, nil
		}
		return nil, errUnknownKey
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return User{}, ErrExpiredToken
	case err != nil, c.Subject == "":
		return User{}, ErrInvalidToken
	case service != nil:
		if c.Role != RoleService || c.Subject != service.name || !slices.Contains(c.Audience, v.audience) {
			return User{}, ErrInvalidToken
		}
	case c.Role != RoleAttendee && c.Role != RoleTrainer:
		return User{}, ErrInvalidToken
	}
	u := User{UUID: c.Subject, Role: c.Role, Name: c.Name}
	v.cache.put(token, u, c.ExpiresAt.Time)
	return u, nil
}

// tokenCache keeps verified tokens until they expire. When full, it drops an eighth of its
// entries (Go's map order is random enough for that), expired ones first when there are any,
// so memory stays bounded whatever tokens callers send; only valid tokens are ever stored.
type tokenCache struct {
	mu      sync.RWMutex
	entries map[string]cachedToken
	max     int
}

type cachedToken struct {
	user    User
	expires time.Time
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{entries: make(map[string]cachedToken), max: max}
}

func (c *tokenCache) get(token string, now time.Time) (User, bool) {
	if c == nil {
		return User{}, false
	}
	c.mu.RLock()
	e, ok := c.entries[token]
	c.mu.RUnlock()
	if !ok || !now.Before(e.expires) {
		return User{}, false // an expired one is verified again and refused as expired
	}
	return e.user, true
}

func (c *tokenCache) put(token string, u User, expires time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		c.evict(time.Now())
	}
	c.entries[token] = cachedToken{user: u, expires: expires}
}

func (c *tokenCache) evict(now time.Time) {
	for token, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, token)
		}
	}
	drop := c.max / 8
	for token := range c.entries {
		if len(c.entries) < c.max-drop {
			return
		}
		delete(c.entries, token)
	}
}
