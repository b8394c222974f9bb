package query

import (
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// ErrTooManyAttempts answers a login beyond the limiter's allowance.
var ErrTooManyAttempts = errs.TooManyRequests("too-many-attempts",
	"too many login attempts for this e-mail address or from this address; wait a minute")

// LoginLimits bound login attempts per window; zero fields take DefaultLoginLimits'.
type LoginLimits struct {
	PerEmail  int
	PerClient int
	Window    time.Duration
	// Tracked bounds the e-mail and client addresses remembered, each.
	Tracked int
}

// DefaultLoginLimits: 5 guesses a minute on one account is 7,200 a day, hopeless against a
// 10-character password; 20 a minute from one address leaves room for a shared office NAT.
var DefaultLoginLimits = LoginLimits{PerEmail: 5, PerClient: 20, Window: time.Minute, Tracked: 100000}

// LoginLimiter counts login attempts per e-mail address and per client address in fixed
// windows. Every attempt counts, successful or not, and is counted before the password is
// checked, so concurrent guesses cannot slip past the count. Memory is bounded: beyond Tracked
// keys, expired windows are dropped, then arbitrary ones; filling the table within one window
// takes more e-mail addresses than the per-client limit lets one client try, so resetting a
// victim's count that way needs thousands of client addresses.
type LoginLimiter struct {
	limits  LoginLimits
	now     func() time.Time
	mu      sync.Mutex
	emails  map[string]*attemptWindow
	clients map[string]*attemptWindow
}

type attemptWindow struct {
	start time.Time
	count int
}

// NewLoginLimiter limits with l.
func NewLoginLimiter(l LoginLimits) *LoginLimiter {
	d := DefaultLoginLimits
	if l.PerEmail <= 0 {
		l.PerEmail = d.PerEmail
	}
	if l.PerClient <= 0 {
		l.PerClient = d.PerClient
	}
	if l.Window <= 0 {
		l.Window = d.Window
	}
	if l.Tracked <= 0 {
		l.Tracked = d.Tracked
	}
	return &LoginLimiter{limits: l, now: time.Now, emails: map[string]*attemptWindow{}, clients: map[string]*attemptWindow{}}
}

// Allow counts an attempt for email and client; ErrTooManyAttempts when either is over its
// limit in the current window. An empty key (no client address) is not limited by it.
func (l *LoginLimiter) Allow(email, client string) error {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	overEmail := email != "" && l.count(l.emails, email, now) > l.limits.PerEmail
	overClient := client != "" && l.count(l.clients, client, now) > l.limits.PerClient
	if overEmail || overClient {
		return ErrTooManyAttempts
	}
	return nil
}

func (l *LoginLimiter) count(m map[string]*attemptWindow, key string, now time.Time) int {
	w, ok := m[key]
	if !ok || now.Sub(w.start) >= l.limits.Window {
		if !ok && len(m) >= l.limits.Tracked {
			l.evict(m, now)
		}
		w = &attemptWindow{start: now}
		m[key] = w
	}
	w.count++
	return w.count
}

// evict runs when m is full: it drops the expired windows, then, if that freed too little,
// an eighth of the table (whichever keys Go's map order gives), so its cost is spread over the
// next Tracked/8 new keys rather than paid on each.
func (l *LoginLimiter) evict(m map[string]*attemptWindow, now time.Time) {
	for k, w := range m {
		if now.Sub(w.start) >= l.limits.Window {
			delete(m, k)
		}
	}
	for k := range m {
		if len(m) < l.limits.Tracked-l.limits.Tracked/8 {
			return
		}
		delete(m, k)
	}
}

// Tracked is the number of e-mail and client addresses remembered, for tests.
func (l *LoginLimiter) Tracked() (emails, clients int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.emails), len(l.clients)
}
