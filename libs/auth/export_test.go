package auth

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"
)

// SetClock makes v see now as the time, for tests of expiry.
func SetClock(v *Verifier, now func() time.Time) { v.now = now }

// SetIssuerClock makes i sign as of now.
func SetIssuerClock(i *Issuer, now func() time.Time) { i.now = now }

// WithoutCache makes v verify every token, for the benchmark of an uncached verification.
func WithoutCache(v *Verifier) { v.cache = nil }

// CacheLen is the number of cached tokens.
func CacheLen(v *Verifier) int {
	v.cache.mu.RLock()
	defer v.cache.mu.RUnlock()
	return len(v.cache.entries)
}

// SetCacheSize bounds v's cache to max tokens.
func SetCacheSize(v *Verifier, max int) { v.cache = newTokenCache(max) }

// PrivateKeyOf exposes the private key, for tests that sign claims the library would not.
func PrivateKeyOf(k *SigningKey) ed25519.PrivateKey { return k.private }

// PEMOf writes k's halves as PEM, as openssl does.
func PEMOf(t testing.TB, k *SigningKey) (private, public string) {
	der, err := x509.MarshalPKCS8PrivateKey(k.private)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(k.private.Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}
