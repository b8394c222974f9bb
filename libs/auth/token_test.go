package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

var (
	secret      = []byte("0123456789abcdef0123456789abcdef")
	otherSecret = []byte("fedcba9876543210fedcba9876543210")
	attendee    = auth.User{UUID: "2f2a3c6e-7f0a-4b8e-9a57-1f9d2c1b0a11", Role: auth.RoleAttendee, Name: "Ada"}
)

func mustKeys(t *testing.T, s []byte) *auth.Keys {
	t.Helper()
	k, err := auth.NewKeys(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignedTokenVerifiesToTheSameUser(t *testing.T) {
	t.Parallel()
	keys := mustKeys(t, secret)
	token, err := keys.Sign(attendee, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := keys.Verify(token)
	if err != nil {
		t.Fatal(err)
	}
	if got != attendee {
		t.Errorf("Verify = %+v, want %+v", got, attendee)
	}
}

func TestBadTokensAreRejectedWithTheirReason(t *testing.T) {
	t.Parallel()
	keys := mustKeys(t, secret)
	forged, _ := mustKeys(t, otherSecret).Sign(attendee, time.Hour)
	expired, _ := keys.Sign(attendee, -time.Minute)
	noRole, _ := keys.Sign(auth.User{UUID: attendee.UUID, Role: "admin"}, time.Hour)
	noSubject, _ := keys.Sign(auth.User{Role: auth.RoleTrainer}, time.Hour)
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{
		"sub": attendee.UUID, "role": "trainer", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	tampered := forgedPayload(t, keys)

	tests := []struct {
		name, token string
		want        error
	}{
		{"forged with another secret", forged, auth.ErrInvalidToken},
		{"expired", expired, auth.ErrExpiredToken},
		{"unknown role", noRole, auth.ErrInvalidToken},
		{"no subject", noSubject, auth.ErrInvalidToken},
		{"alg none", unsigned, auth.ErrInvalidToken},
		{"payload changed after signing", tampered, auth.ErrInvalidToken},
		{"garbage", "not.a.token", auth.ErrInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := keys.Verify(tt.token); !errors.Is(err, tt.want) {
				t.Errorf("Verify error = %v, want %v", err, tt.want)
			}
		})
	}
}

// forgedPayload turns an attendee's token into a trainer's by swapping the payload, keeping the
// signature.
func forgedPayload(t *testing.T, keys *auth.Keys) string {
	t.Helper()
	real, _ := keys.Sign(attendee, time.Hour)
	trainer, _ := keys.Sign(auth.User{UUID: attendee.UUID, Role: auth.RoleTrainer}, time.Hour)
	r, tr := strings.Split(real, "."), strings.Split(trainer, ".")
	return r[0] + "." + tr[1] + "." + r[2]
}

func TestShortSecretsAreRefused(t *testing.T) {
	t.Parallel()
	if _, err := auth.NewKeys([]byte("short")); !errors.Is(err, auth.ErrWeakSecret) {
		t.Errorf("NewKeys(short) error = %v, want ErrWeakSecret", err)
	}
}

func TestCheckSecretRefusesPublicAndShortSecretsOutsideDevelopment(t *testing.T) {
	t.Parallel()
	random := "Zk3q9W1v8sX2mB7nR4tY6uP0aL5cD8eF" // 32 bytes, published nowhere but here
	for _, tt := range []struct {
		name        string
		secret      string
		development bool
		want        error
	}{
		{"empty", "", false, auth.ErrNoSecret},
		{"empty in development", "", true, auth.ErrNoSecret},
		{"development secret", auth.DevelopmentSecret, false, auth.ErrPublicSecret},
		{"a placeholder", "CHANGE-ME-to-32-or-more-random-bytes", false, auth.ErrPublicSecret},
		{"31 bytes", random[:31], false, auth.ErrShortSecret},
		{"31 bytes in development", random[:31], true, auth.ErrShortSecret},
		{"32 random bytes", random, false, nil},
		{"development secret in development", auth.DevelopmentSecret, true, nil},
	} {
		err := auth.CheckSecret(tt.secret, tt.development)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: CheckSecret = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), "APP_JWT_SECRET") {
			t.Errorf("%s: %q does not say how to set the secret", tt.name, err)
		}
	}
}

// BenchmarkVerify is the per-request cost of authentication.
func BenchmarkVerify(b *testing.B) {
	keys, _ := auth.NewKeys(secret)
	token, _ := keys.Sign(attendee, time.Hour)
	for b.Loop() {
		if _, err := keys.Verify(token); err != nil {
			b.Fatal(err)
		}
	}
}
