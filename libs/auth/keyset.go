package auth

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The defaults of a KeySet fetched from the user service.
const (
	// DefaultKeysRefresh is how often the key set is fetched again while it works, so a key
	// the user service adds or retires is seen within this time.
	DefaultKeysRefresh = 5 * time.Minute
	// DefaultKeysMinRefetch is the least time between two fetches, so tokens with made-up key
	// ids cannot make a service hammer the user service.
	DefaultKeysMinRefetch = 10 * time.Second
	fetchTimeout          = 3 * time.Second
	maxJWKSBytes          = 1 << 20
)

// KeySet is the set of public keys users' tokens are verified with: keys configured statically,
// plus, with a URL, the user service's JWKS document, fetched on first use, again every
// refresh interval (in the background, while the old set keeps answering), and at once when a
// token names an unknown key id (a rotated key), at most once per minimum interval.
type KeySet struct {
	static     map[string]ed25519.PublicKey
	url        string
	client     *http.Client
	refresh    time.Duration
	minRefetch time.Duration
	now        func() time.Time

	keys        atomic.Pointer[map[string]ed25519.PublicKey]
	lastAttempt atomic.Int64 // unix nanoseconds of the last fetch started
	lastSuccess atomic.Int64
	background  atomic.Bool // a background fetch is running
	fetching    sync.Mutex  // one fetch at a time
}

// KeySetOptions tune a fetched KeySet; zero values take the defaults.
type KeySetOptions struct {
	Refresh    time.Duration
	MinRefetch time.Duration
	Client     *http.Client
}

// NewKeySet trusts static and, when url is not empty, the keys of the JWKS document at url.
func NewKeySet(static []PublicKey, url string, o KeySetOptions) *KeySet {
	s := &KeySet{
		static: map[string]ed25519.PublicKey{}, url: url, client: o.Client,
		refresh: o.Refresh, minRefetch: o.MinRefetch, now: time.Now,
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: fetchTimeout}
	}
	if s.refresh <= 0 {
		s.refresh = DefaultKeysRefresh
	}
	if s.minRefetch <= 0 {
		s.minRefetch = DefaultKeysMinRefetch
	}
	for _, k := range static {
		s.static[k.ID] = k.Key
	}
	keys := s.static
	s.keys.Store(&keys)
	return s
}

// StaticKeySet trusts exactly keys.
func StaticKeySet(keys ...PublicKey) *KeySet { return NewKeySet(keys, "", KeySetOptions{}) }

// Lookup is the key named kid, fetching the set again when kid is unknown (rate-limited).
func (s *KeySet) Lookup(kid string) (ed25519.PublicKey, bool) {
	if k, ok := (*s.keys.Load())[kid]; ok {
		s.refreshInBackgroundIfDue()
		return k, true
	}
	if s.url == "" || s.now().UnixNano()-s.lastAttempt.Load() < int64(s.minRefetch) {
		return nil, false
	}
	_ = s.fetch(context.Background(), s.minRefetch)
	k, ok := (*s.keys.Load())[kid]
	return k, ok
}

func (s *KeySet) refreshInBackgroundIfDue() {
	if s.url == "" || s.now().UnixNano()-s.lastSuccess.Load() < int64(s.refresh) ||
		s.now().UnixNano()-s.lastAttempt.Load() < int64(s.minRefetch) || !s.background.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.background.Store(false)
		_ = s.fetch(context.Background(), s.minRefetch)
	}()
}

// Refresh fetches the key set now (a service calls it at start, so the first request does not
// wait for it; an error there is not fatal, the user service may start later).
func (s *KeySet) Refresh(ctx context.Context) error { return s.fetch(ctx, 0) }

// fetch gets the document unless another fetch started within minGap; on failure the keys
// known so far stay.
func (s *KeySet) fetch(ctx context.Context, minGap time.Duration) error {
	if s.url == "" {
		return nil
	}
	s.fetching.Lock()
	defer s.fetching.Unlock()
	if minGap > 0 && s.now().UnixNano()-s.lastAttempt.Load() < int64(minGap) {
		return nil // someone else fetched while this one waited
	}
	s.lastAttempt.Store(s.now().UnixNano())
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	fetched, err := s.get(ctx)
	if err != nil {
		return fmt.Errorf("fetch the user service's keys from %s: %w", s.url, err)
	}
	keys := make(map[string]ed25519.PublicKey, len(s.static)+len(fetched))
	for id, k := range s.static {
		keys[id] = k
	}
	for _, k := range fetched {
		keys[k.ID] = k.Key
	}
	s.keys.Store(&keys)
	s.lastSuccess.Store(s.now().UnixNano())
	return nil
}

func (s *KeySet) get(ctx context.Context) ([]PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes))
	if err != nil {
		return nil, err
	}
	return ParseJWKS(body)
}
