package auth_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

var attendee = auth.User{UUID: "2f2a3c6e-7f0a-4b8e-9a57-1f9d2c1b0a11", Role: auth.RoleAttendee, Name: "Ada"}

// fixture is a trainer service's view: the user service's issuer, the training service's
// signer, and the trainer's verifier trusting both, each for its own kind of token.
type fixture struct {
	issuer   *auth.Issuer
	training *auth.ServiceSigner
	verifier *auth.Verifier
}

func mustKey(t testing.TB) *auth.SigningKey {
	t.Helper()
	k, err := auth.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	userKey, serviceKey := mustKey(t), mustKey(t)
	f := fixture{issuer: auth.NewIssuer(userKey), training: auth.NewServiceSigner("training", serviceKey)}
	f.verifier = auth.NewVerifier("trainer", auth.StaticKeySet(userKey.Public()),
		map[string]auth.PublicKey{"training": serviceKey.Public()})
	return f
}

func mustSign(t testing.TB, i *auth.Issuer, u auth.User, ttl time.Duration) string {
	t.Helper()
	token, err := i.Sign(u, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestSignedTokenVerifiesToTheSameUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	got, err := f.verifier.Verify(mustSign(t, f.issuer, attendee, time.Hour))
	if err != nil || got != attendee {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, attendee)
	}
	token, _ := f.training.Token("trainer")
	got, err = f.verifier.Verify(token)
	want := auth.User{UUID: "training", Role: auth.RoleService, Name: "training"}
	if err != nil || got != want {
		t.Fatalf("Verify(service token) = %+v, %v; want %+v", got, err, want)
	}
}

func TestTokensCarryTheKeyID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	token := mustSign(t, f.issuer, attendee, time.Hour)
	parsed, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header["kid"] != f.issuer.Key().ID || parsed.Header["alg"] != "EdDSA" {
		t.Errorf("header = %v, want alg EdDSA and kid %s", parsed.Header, f.issuer.Key().ID)
	}
}

func TestBadTokensAreRejectedWithTheirReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := auth.NewIssuer(mustKey(t))
	expired := mustSign(t, f.issuer, attendee, -time.Minute)
	noSubject := mustSign(t, f.issuer, auth.User{Role: auth.RoleTrainer}, time.Hour)
	forOtherService, _ := f.training.Token("user")
	impostor, _ := auth.NewServiceSigner("trainer", mustKey(t)).Token("trainer")

	tests := []struct {
		name, token string
		want        error
	}{
		{"signed by another key", mustSign(t, other, attendee, time.Hour), auth.ErrInvalidToken},
		{"another key's signature under the trusted key id", withKid(t, mustSign(t, other, attendee, time.Hour), f.issuer.Key().ID), auth.ErrInvalidToken},
		{"expired", expired, auth.ErrExpiredToken},
		{"no subject", noSubject, auth.ErrInvalidToken},
		{"alg none", unsigned(t), auth.ErrInvalidToken},
		{"HS256 with the public key as secret", hmacWithPublicKey(t, f.issuer.Key()), auth.ErrInvalidToken},
		{"payload changed after signing", swappedPayload(t, f.issuer), auth.ErrInvalidToken},
		{"a service token for another service", forOtherService, auth.ErrInvalidToken},
		{"a service token signed by an unknown service's key", impostor, auth.ErrInvalidToken},
		{"garbage", "not.a.token", auth.ErrInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := f.verifier.Verify(tt.token); !errors.Is(err, tt.want) {
				t.Errorf("Verify error = %v, want %v", err, tt.want)
			}
		})
	}
}

// A key trusted for one kind of caller cannot sign for the other: the user service's key makes
// no service token, a service's key makes no user's token, and no service's key makes another
// service's token.
func TestEachKeySignsOnlyItsOwnKindOfCaller(t *testing.T) {
	t.Parallel()
	userKey, trainingKey := mustKey(t), mustKey(t)
	v := auth.NewVerifier("trainer", auth.StaticKeySet(userKey.Public()),
		map[string]auth.PublicKey{"training": trainingKey.Public()})
	for name, token := range map[string]string{
		"user key, role service":          rawToken(t, userKey, "training", auth.RoleService, "trainer"),
		"training's key, role attendee":   rawToken(t, trainingKey, attendee.UUID, auth.RoleAttendee, "trainer"),
		"training's key, role trainer":    rawToken(t, trainingKey, attendee.UUID, auth.RoleTrainer, ""),
		"training's key, subject trainer": rawToken(t, trainingKey, "trainer", auth.RoleService, "trainer"),
		"training's key, no audience":     rawToken(t, trainingKey, "training", auth.RoleService, ""),
		"user key, unknown role":          rawToken(t, userKey, attendee.UUID, "admin", ""),
	} {
		if u, err := v.Verify(token); !errors.Is(err, auth.ErrInvalidToken) {
			t.Errorf("%s: Verify = %+v, %v; want invalid-token", name, u, err)
		}
	}
	if _, err := auth.NewIssuer(userKey).Sign(auth.User{UUID: "training", Role: auth.RoleService}, time.Hour); err == nil {
		t.Error("the issuer signed a service token")
	}
}

// rawToken signs any claims with key, as an attacker holding that key could.
func rawToken(t *testing.T, key *auth.SigningKey, subject string, role auth.Role, audience string) string {
	t.Helper()
	c := jwt.MapClaims{"sub": subject, "role": string(role), "exp": time.Now().Add(time.Hour).Unix()}
	if audience != "" {
		c["aud"] = audience
	}
	token := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	token.Header["kid"] = key.ID
	signed, err := token.SignedString(auth.PrivateKeyOf(key))
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func withKid(t *testing.T, token, kid string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	header := fmt.Sprintf(`{"alg":"EdDSA","kid":%q,"typ":"JWT"}`, kid)
	return base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + parts[1] + "." + parts[2]
}

func unsigned(t *testing.T) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{
		"sub": attendee.UUID, "role": "trainer", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func hmacWithPublicKey(t *testing.T, k auth.PublicKey) string {
	t.Helper()
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": attendee.UUID, "role": "trainer", "exp": time.Now().Add(time.Hour).Unix(),
	})
	token.Header["kid"] = k.ID
	signed, err := token.SignedString([]byte(k.Key))
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// swappedPayload turns an attendee's token into a trainer's by swapping the payload, keeping
// the signature.
func swappedPayload(t *testing.T, i *auth.Issuer) string {
	t.Helper()
	real := strings.Split(mustSign(t, i, attendee, time.Hour), ".")
	trainer := strings.Split(mustSign(t, i, auth.User{UUID: attendee.UUID, Role: auth.RoleTrainer}, time.Hour), ".")
	return real[0] + "." + trainer[1] + "." + real[2]
}

// A cached token stops passing when it expires, as an uncached one would.
func TestCachedTokensExpire(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	now := time.Now()
	var clock atomic.Pointer[time.Time]
	clock.Store(&now)
	auth.SetClock(f.verifier, func() time.Time { return *clock.Load() })
	token := mustSign(t, f.issuer, attendee, time.Minute)
	for range 2 {
		if _, err := f.verifier.Verify(token); err != nil {
			t.Fatal(err)
		}
	}
	if n := auth.CacheLen(f.verifier); n != 1 {
		t.Errorf("cache holds %d tokens, want 1", n)
	}
	later := now.Add(2 * time.Minute)
	clock.Store(&later)
	if _, err := f.verifier.Verify(token); !errors.Is(err, auth.ErrExpiredToken) {
		t.Errorf("Verify after expiry = %v, want token-expired", err)
	}
}

// However many distinct tokens arrive, the cache stays within its bound, and refused tokens
// are never cached.
func TestTheCacheIsBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	auth.SetCacheSize(f.verifier, 64)
	for i := range 500 {
		token := mustSign(t, f.issuer, auth.User{UUID: fmt.Sprint("user-", i), Role: auth.RoleAttendee}, time.Hour)
		if _, err := f.verifier.Verify(token); err != nil {
			t.Fatal(err)
		}
		_, _ = f.verifier.Verify(token + "x") // a forged signature
	}
	if n := auth.CacheLen(f.verifier); n > 64 || n == 0 {
		t.Errorf("cache holds %d tokens, want 1 to 64", n)
	}
}

// jwksServer is the user service's JWKS endpoint as far as a verifier can tell: a real HTTP
// server on loopback whose keys the test changes, counting the fetches.
type jwksServer struct {
	url     string
	mu      sync.Mutex
	keys    []auth.PublicKey
	fetches atomic.Int32
}

func startJWKS(t *testing.T, keys ...auth.PublicKey) *jwksServer {
	t.Helper()
	s := &jwksServer{keys: keys}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		_ = jsonEncode(w, auth.NewJWKS(s.keys...))
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.url = "http://" + l.Addr().String() + "/.well-known/jwks.json"
	return s
}

func (s *jwksServer) set(keys ...auth.PublicKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = keys
}

// The user service rotates its key: a token with the new key id makes the verifier fetch the
// set again and pass; tokens naming unknown key ids make it fetch at most once per interval.
func TestARotatedKeyIsAcceptedAfterRefresh(t *testing.T) {
	t.Parallel()
	oldKey, newKey := mustKey(t), mustKey(t)
	jwks := startJWKS(t, oldKey.Public())
	const minRefetch = 300 * time.Millisecond
	keys := auth.NewKeySet(nil, jwks.url, auth.KeySetOptions{MinRefetch: minRefetch, Refresh: time.Hour})
	v := auth.NewVerifier("trainer", keys, nil)
	if _, err := v.Verify(mustSign(t, auth.NewIssuer(oldKey), attendee, time.Hour)); err != nil {
		t.Fatalf("old key before rotation: %v", err)
	}
	jwks.set(oldKey.Public(), newKey.Public())
	time.Sleep(minRefetch) // the first fetch was just now
	if _, err := v.Verify(mustSign(t, auth.NewIssuer(newKey), attendee, time.Hour)); err != nil {
		t.Fatalf("new key after rotation: %v", err)
	}
	before := jwks.fetches.Load()
	stranger := auth.NewIssuer(mustKey(t))
	for range 20 {
		if _, err := v.Verify(mustSign(t, stranger, attendee, time.Hour)); !errors.Is(err, auth.ErrInvalidToken) {
			t.Fatalf("unknown key: %v, want invalid-token", err)
		}
	}
	if n := jwks.fetches.Load() - before; n > 1 {
		t.Errorf("20 tokens with unknown key ids made %d fetches within %v, want at most 1", n, minRefetch)
	}
}

func TestKeysReadBackFromTheirTextForms(t *testing.T) {
	t.Parallel()
	k := mustKey(t)
	again, err := auth.ParseSigningKey(k.Seed())
	if err != nil || again.ID != k.ID {
		t.Fatalf("ParseSigningKey(seed) = %v, %v; want id %s", again, err, k.ID)
	}
	public, err := auth.ParsePublicKey(k.Public().String())
	if err != nil || public.ID != k.ID {
		t.Fatalf("ParsePublicKey = %+v, %v", public, err)
	}
	pemKey, pemPublic := auth.PEMOf(t, k)
	if got, err := auth.ParseSigningKey(pemKey); err != nil || got.ID != k.ID {
		t.Errorf("ParseSigningKey(PEM) = %v, %v", got, err)
	}
	if got, err := auth.ParsePublicKey(pemPublic); err != nil || got.ID != k.ID {
		t.Errorf("ParsePublicKey(PEM) = %v, %v", got, err)
	}
	doc, _ := jsonMarshal(auth.NewJWKS(k.Public()))
	keys, err := auth.ParseJWKS(doc)
	if err != nil || len(keys) != 1 || keys[0].ID != k.ID {
		t.Errorf("ParseJWKS = %v, %v", keys, err)
	}
	for _, bad := range []string{"", "c2hvcnQ=", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"} {
		if _, err := auth.ParseSigningKey(bad); err == nil {
			t.Errorf("ParseSigningKey(%q) passed", bad)
		}
	}
	lying := strings.Replace(string(doc), k.ID, mustKey(t).ID, 1)
	if _, err := auth.ParseJWKS([]byte(lying)); !errors.Is(err, auth.ErrBadKey) {
		t.Errorf("a JWKS key whose kid is not its thumbprint: %v, want ErrBadKey", err)
	}
}

func TestDevelopmentKeysAreKnown(t *testing.T) {
	t.Parallel()
	for _, seed := range []string{auth.DevelopmentUserKey, auth.DevelopmentServiceKey} {
		k, err := auth.ParseSigningKey(seed)
		if err != nil || !auth.IsDevelopmentKey(k.Public()) {
			t.Errorf("%s: %v, development %v", seed, err, err == nil && auth.IsDevelopmentKey(k.Public()))
		}
	}
	if auth.IsDevelopmentKey(mustKey(t).Public()) {
		t.Error("a new key counts as a development key")
	}
}
