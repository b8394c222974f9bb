package auth

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"
)

// SigningKey is an Ed25519 private key with its key id: the user service's key for users'
// tokens, or a calling service's key for its own service tokens.
type SigningKey struct {
	ID      string
	private ed25519.PrivateKey
}

// PublicKey is an Ed25519 public key with its key id, as a JWKS document lists it.
type PublicKey struct {
	ID  string
	Key ed25519.PublicKey
}

// GenerateSigningKey makes a new random key.
func GenerateSigningKey() (*SigningKey, error) {
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return newSigningKey(private), nil
}

func newSigningKey(private ed25519.PrivateKey) *SigningKey {
	public := private.Public().(ed25519.PublicKey)
	return &SigningKey{ID: KeyID(public), private: private}
}

// ParseSigningKey reads a private key written as PEM (PKCS #8, what `openssl genpkey -algorithm
// ed25519` prints) or as the base64 of its 32-byte seed (what `devjwt -new-key` prints).
func ParseSigningKey(text string) (*SigningKey, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ErrNoSigningKey
	}
	if block, _ := pem.Decode([]byte(text)); block != nil {
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
		}
		private, ok := parsed.(ed25519.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%w: a %T, not an Ed25519 key", ErrBadKey, parsed)
		}
		return newSigningKey(private), nil
	}
	seed, err := decodeBase64(text)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: neither PEM nor the base64 of a 32-byte Ed25519 seed", ErrBadKey)
	}
	return newSigningKey(ed25519.NewKeyFromSeed(seed)), nil
}

// ParsePublicKey reads a public key written as PEM (SubjectPublicKeyInfo, what `openssl pkey
// -pubout` prints) or as the base64 of its 32 bytes.
func ParsePublicKey(text string) (PublicKey, error) {
	text = strings.TrimSpace(text)
	if block, _ := pem.Decode([]byte(text)); block != nil {
		parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return PublicKey{}, fmt.Errorf("%w: %v", ErrBadKey, err)
		}
		public, ok := parsed.(ed25519.PublicKey)
		if !ok {
			return PublicKey{}, fmt.Errorf("%w: a %T, not an Ed25519 key", ErrBadKey, parsed)
		}
		return PublicKey{ID: KeyID(public), Key: public}, nil
	}
	raw, err := decodeBase64(text)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return PublicKey{}, fmt.Errorf("%w: neither PEM nor the base64 of a 32-byte Ed25519 public key", ErrBadKey)
	}
	return PublicKey{ID: KeyID(raw), Key: ed25519.PublicKey(raw)}, nil
}

// decodeBase64 takes standard or URL-safe base64, padded or not.
func decodeBase64(text string) ([]byte, error) {
	text = strings.TrimRight(text, "=")
	text = strings.NewReplacer("+", "-", "/", "_").Replace(text)
	return base64.RawURLEncoding.DecodeString(text)
}

// Public is the key's public half.
func (k *SigningKey) Public() PublicKey {
	return PublicKey{ID: k.ID, Key: k.private.Public().(ed25519.PublicKey)}
}

// Seed is the base64 of the key's 32-byte seed, the form ParseSigningKey reads.
func (k *SigningKey) Seed() string { return base64.StdEncoding.EncodeToString(k.private.Seed()) }

// String is the public key in base64, the form ParsePublicKey reads.
func (p PublicKey) String() string { return base64.StdEncoding.EncodeToString(p.Key) }

// KeyID is the key's RFC 7638 thumbprint: the same key always gets the same id, so a key id
// never needs configuring, and two keys never share one.
func KeyID(public ed25519.PublicKey) string {
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(public) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// JWKS is a JSON Web Key Set (RFC 7517) of Ed25519 keys (RFC 8037), what the user service
// serves for the other services to verify users' tokens with.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// JWK is one key of a JWKS.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

// NewJWKS lists keys as a JWKS document.
func NewJWKS(keys ...PublicKey) JWKS {
	set := JWKS{Keys: make([]JWK, 0, len(keys))}
	for _, k := range keys {
		set.Keys = append(set.Keys, JWK{
			Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.Key),
			Kid: k.ID, Alg: "EdDSA", Use: "sig",
		})
	}
	return set
}

// ParseJWKS reads a JWKS document's Ed25519 signing keys; other keys are skipped, as RFC 7517
// asks of a reader that does not know them. A key whose kid is not its thumbprint is refused,
// so a key id always names the key it was computed from.
func ParseJWKS(data []byte) ([]PublicKey, error) {
	var set JWKS
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	var keys []PublicKey
	for _, k := range set.Keys {
		if k.Kty != "OKP" || k.Crv != "Ed25519" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		raw, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: key %q has a malformed x", ErrBadKey, k.Kid)
		}
		if id := KeyID(raw); k.Kid != "" && k.Kid != id {
			return nil, fmt.Errorf("%w: key %q is not its thumbprint %q", ErrBadKey, k.Kid, id)
		}
		keys = append(keys, PublicKey{ID: KeyID(raw), Key: ed25519.PublicKey(raw)})
	}
	return keys, nil
}
