package adapters

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are argon2id's costs for new hashes.
type Argon2Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
	// MaxConcurrent bounds the hashes computed at once (sign-ups, logins, unknown e-mail
	// addresses alike); the others wait for a turn until their request's deadline. Each hash
	// holds MemoryKiB for its whole run, so this bounds the memory that unauthenticated
	// sign-ups and logins can make the service hold: without it, 80 concurrent sign-ups grew
	// the process to 5.3 GB. Zero: GOMAXPROCS, as more hashes at once would not finish sooner.
	MaxConcurrent int
}

// DefaultArgon2Params: 64 MiB and one pass, above OWASP's argon2id minimums (19 MiB with 2
// passes, 46 MiB with 1) and RFC 9106's memory for its second recommended option, with 2 lanes
// as these services run on 2-core hosts (BenchmarkArgon2Verify measures one login's cost).
var DefaultArgon2Params = Argon2Params{MemoryKiB: 64 * 1024, Iterations: 1, Parallelism: 2}

const (
	argon2SaltBytes = 16
	argon2KeyBytes  = 32
	// Bounds on the parameters a stored hash may name, so a row changed by hand cannot make
	// one login take minutes or gigabytes.
	maxArgon2MemoryKiB  = 1024 * 1024
	maxArgon2Iterations = 16
)

var errMalformedHash = errors.New("malformed argon2id hash")

// Argon2Hasher hashes passwords with argon2id (golang.org/x/crypto/argon2) into the PHC string
// format, $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash>, so each stored hash names the
// parameters it was made with and a change of parameters applies to new passwords only.
type Argon2Hasher struct {
	params Argon2Params
	// turns holds one token per hash being computed (capacity MaxConcurrent).
	turns chan struct{}
	// idKey is argon2.IDKey; a test replaces it to watch how many hashes run at once.
	idKey func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte
	// dummy is a hash of nothing in particular, checked when a login names an unknown e-mail
	// address, so that answer takes as long as a wrong password's.
	dummy string
}

// NewArgon2Hasher hashes with p; zero fields take DefaultArgon2Params'.
func NewArgon2Hasher(p Argon2Params) (*Argon2Hasher, error) {
	if p.MemoryKiB == 0 {
		p.MemoryKiB = DefaultArgon2Params.MemoryKiB
	}
	if p.Iterations == 0 {
		p.Iterations = DefaultArgon2Params.Iterations
	}
	if p.Parallelism == 0 {
		p.Parallelism = DefaultArgon2Params.Parallelism
	}
	if p.MaxConcurrent <= 0 {
		p.MaxConcurrent = runtime.GOMAXPROCS(0)
	}
	if p.MemoryKiB < 8*uint32(p.Parallelism) || p.MemoryKiB > maxArgon2MemoryKiB || p.Iterations > maxArgon2Iterations {
		return nil, fmt.Errorf("argon2 parameters out of range: %+v (memory 8 KiB per lane to 1 GiB, at most %d passes)", p, maxArgon2Iterations)
	}
	h := &Argon2Hasher{params: p, turns: make(chan struct{}, p.MaxConcurrent), idKey: argon2.IDKey}
	dummy, err := h.Hash(context.Background(), "the dummy password checked for unknown e-mail addresses")
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

// Hash hashes password with a new random salt, once it has a turn (see MaxConcurrent); an
// error wrapping ctx's when ctx ends first.
func (h *Argon2Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argon2SaltBytes)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := h.params
	key, err := h.key(ctx, []byte(password), salt, p, argon2KeyBytes)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify reports whether password matches encoded, with the parameters encoded names; the
// comparison takes the same time wherever the hashes differ. It waits for a turn as Hash does.
func (h *Argon2Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	p, salt, want, err := parseArgon2(encoded)
	if err != nil {
		return false, err
	}
	got, err := h.key(ctx, []byte(password), salt, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyNothing costs what Verify costs, for a login whose e-mail address has no account; its
// error is ctx's when ctx ends before the hash had a turn.
func (h *Argon2Hasher) VerifyNothing(ctx context.Context, password string) error {
	_, err := h.Verify(ctx, password, h.dummy)
	return err
}

// key computes one argon2id key in its turn. A hash cannot be stopped once it runs, so ctx is
// only checked while waiting.
func (h *Argon2Hasher) key(ctx context.Context, password, salt []byte, p Argon2Params, keyLen uint32) ([]byte, error) {
	select {
	case h.turns <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a turn to hash a password: %w", ctx.Err())
	}
	defer func() { <-h.turns }()
	return h.idKey(password, salt, p.Iterations, p.MemoryKiB, p.Parallelism, keyLen), nil
}

func parseArgon2(encoded string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, errMalformedHash
	}
	var parallelism uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &parallelism); err != nil ||
		parallelism == 0 || parallelism > 255 || p.Iterations == 0 || p.Iterations > maxArgon2Iterations ||
		p.MemoryKiB < 8*parallelism || p.MemoryKiB > maxArgon2MemoryKiB {
		return p, nil, nil, errMalformedHash
	}
	p.Parallelism = uint8(parallelism)
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errMalformedHash
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, errMalformedHash
	}
	return p, salt, key, nil
}
