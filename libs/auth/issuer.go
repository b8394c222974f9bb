package auth

import (
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type claims struct {
	Role Role   `json:"role"`
	Name string `json:"name,omitempty"`
	jwt.RegisteredClaims
}

// Issuer signs users' tokens. Only the user service holds its key; the other services verify
// with the public half (a Verifier).
type Issuer struct {
	key *SigningKey
	now func() time.Time
}

// NewIssuer signs with key.
func NewIssuer(key *SigningKey) *Issuer { return &Issuer{key: key, now: time.Now} }

// Key is the signing key's public half, for the JWKS document.
func (i *Issuer) Key() PublicKey { return i.key.Public() }

// Sign issues a token for u valid for ttl. It refuses RoleService: a service's token is signed
// by that service's own key (ServiceSigner), never by the user service's.
func (i *Issuer) Sign(u User, ttl time.Duration) (string, error) {
	if u.Role != RoleAttendee && u.Role != RoleTrainer {
		return "", ErrInvalidToken
	}
	now := i.now()
	return sign(i.key, claims{Role: u.Role, Name: u.Name, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   u.UUID,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}})
}

func sign(key *SigningKey, c claims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	token.Header["kid"] = key.ID
	return token.SignedString(key.private)
}

// serviceTokenTTL bounds a service token's life; one is reused for calls to the same service
// until serviceTokenRenew before it expires, so signing (and the callee's verification, which
// caches) costs once per few minutes, not once per call.
const (
	serviceTokenTTL   = 5 * time.Minute
	serviceTokenRenew = time.Minute
)

// ServiceSigner signs the short tokens a service sends with its calls to other services: role
// service, subject its own name, audience the callee. The callee trusts its key for that
// subject and role only, so it can neither mint a user's token nor call as another service.
type ServiceSigner struct {
	name string
	key  *SigningKey
	now  func() time.Time

	mu     sync.Mutex
	tokens map[string]cachedServiceToken // by audience
}

type cachedServiceToken struct {
	token   string
	expires time.Time
}

// NewServiceSigner signs as the service name with key.
func NewServiceSigner(name string, key *SigningKey) *ServiceSigner {
	return &ServiceSigner{name: name, key: key, now: time.Now, tokens: map[string]cachedServiceToken{}}
}

// Name is the service the tokens name as their subject.
func (s *ServiceSigner) Name() string { return s.name }

// Key is the public half, which the callees configure (auth.service_keys).
func (s *ServiceSigner) Key() PublicKey { return s.key.Public() }

// Token is a token for calls to the service audience.
func (s *ServiceSigner) Token(audience string) (string, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[audience]; ok && now.Before(t.expires.Add(-serviceTokenRenew)) {
		return t.token, nil
	}
	expires := now.Add(serviceTokenTTL)
	token, err := sign(s.key, claims{Role: RoleService, Name: s.name, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   s.name,
		Audience:  jwt.ClaimStrings{audience},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(expires),
	}})
	if err != nil {
		return "", err
	}
	s.tokens[audience] = cachedServiceToken{token: token, expires: expires}
	return token, nil
}
