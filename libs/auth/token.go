package auth

import (
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	minSecretLen = 32
	// Service tokens are signed per call, so a short life is enough.
	serviceTokenTTL = time.Minute
)

type claims struct {
	Role Role   `json:"role"`
	Name string `json:"name,omitempty"`
	jwt.RegisteredClaims
}

// DevelopmentSecret is the secret in the services' embedded defaults, so the example system
// runs on a developer's machine with no set-up. It is public: CheckSecret refuses it outside
// development mode.
const DevelopmentSecret = "dev-secret-change-me-0123456789abcdef"

// CheckSecret is what a service checks before it starts: outside development mode the secret
// must be at least 32 bytes and not a published one (the development secret, or a placeholder
// that asks to be changed). In development mode only the length is checked.
func CheckSecret(secret string, development bool) error {
	switch {
	case secret == "":
		return ErrNoSecret
	case development:
		if len(secret) < minSecretLen {
			return ErrShortSecret
		}
		return nil
	case secret == DevelopmentSecret || strings.Contains(strings.ToLower(secret), "change-me"):
		return ErrPublicSecret
	case len(secret) < minSecretLen:
		return ErrShortSecret
	}
	return nil
}

// Keys signs and verifies HS256 tokens with one shared secret.
type Keys struct {
	secret []byte
	now    func() time.Time
}

// NewKeys checks the secret is long enough to resist brute force.
func NewKeys(secret []byte) (*Keys, error) {
	if len(secret) < minSecretLen {
		return nil, ErrWeakSecret
	}
	return &Keys{secret: secret, now: time.Now}, nil
}

// Sign issues a token for u valid for ttl.
func (k *Keys) Sign(u User, ttl time.Duration) (string, error) {
	now := k.now()
	c := claims{Role: u.Role, Name: u.Name, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   u.UUID,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(k.secret)
}

// Verify returns the user a token was issued for. Only HS256 is accepted, so a token that
// names another algorithm ("none", RS256 with the secret as key) is rejected.
func (k *Keys) Verify(token string) (User, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return k.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(k.now),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return User{}, ErrExpiredToken
	case err != nil:
		return User{}, ErrInvalidToken
	case c.Subject == "" || !c.Role.valid():
		return User{}, ErrInvalidToken
	}
	return User{UUID: c.Subject, Role: c.Role, Name: c.Name}, nil
}
