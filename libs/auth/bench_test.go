package auth_test

import (
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// The per-request cost of authentication, in one run so the figures compare:
//
//	go test ./libs/auth -run '^$' -bench Verify
//
// HS256 is what the services did before (one shared secret, kept here only as the
// yardstick); EdDSA/uncached is a first sight of a token; EdDSA/cached is every later request
// with the same token, which is the common case.
func BenchmarkVerify(b *testing.B) {
	b.Run("HS256", func(b *testing.B) {
		secret := []byte("0123456789abcdef0123456789abcdef")
		type hsClaims struct {
			Role string `json:"role"`
			Name string `json:"name,omitempty"`
			jwt.RegisteredClaims
		}
		token, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, hsClaims{Role: "attendee", Name: attendee.Name,
			RegisteredClaims: jwt.RegisteredClaims{Subject: attendee.UUID, IssuedAt: jwt.NewNumericDate(time.Now()),
				ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}}).SignedString(secret)
		for b.Loop() {
			var c hsClaims
			if _, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return secret, nil },
				jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EdDSA/uncached", func(b *testing.B) {
		f := newFixture(b)
		auth.WithoutCache(f.verifier)
		token := mustSign(b, f.issuer, attendee, time.Hour)
		for b.Loop() {
			if _, err := f.verifier.Verify(token); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EdDSA/cached", func(b *testing.B) {
		f := newFixture(b)
		token := mustSign(b, f.issuer, attendee, time.Hour)
		for b.Loop() {
			if _, err := f.verifier.Verify(token); err != nil {
				b.Fatal(err)
			}
		}
	})
}
