package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// Counts are requests by kind ("book", "cancel by trainer", ...) and outcome ("200",
// "409 hour-not-available", "no answer").
type Counts struct {
	mu      sync.Mutex
	m       map[string]map[string]int
	slowest map[string]time.Duration // by kind: the longest wait for an answer (or for none)
}

func (c *Counts) add(kind string, o Outcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]map[string]int{}
		c.slowest = map[string]time.Duration{}
	}
	if c.m[kind] == nil {
		c.m[kind] = map[string]int{}
	}
	c.m[kind][o.Key()]++
	c.slowest[kind] = max(c.slowest[kind], o.Latency)
}

// Outcomes sums the requests of every kind by outcome ("503 storage-unavailable": 12).
func (c *Counts) Outcomes() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, byOutcome := range c.m {
		for o, n := range byOutcome {
			out[o] += n
		}
	}
	return out
}

// Slowest is the longest any request waited, for an answer or until it gave up.
func (c *Counts) Slowest() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var d time.Duration
	for _, s := range c.slowest {
		d = max(d, s)
	}
	return d
}

// Total is the number of requests counted.
func (c *Counts) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, byOutcome := range c.m {
		for _, k := range byOutcome {
			n += k
		}
	}
	return n
}

// String prints one line per kind: its total, then each outcome, most frequent first.
func (c *Counts) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	kinds := make([]string, 0, len(c.m))
	for k := range c.m {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	for _, k := range kinds {
		total := 0
		outcomes := make([]string, 0, len(c.m[k]))
		for o, n := range c.m[k] {
			total += n
			outcomes = append(outcomes, o)
		}
		sort.Slice(outcomes, func(i, j int) bool {
			a, z := c.m[k][outcomes[i]], c.m[k][outcomes[j]]
			return a > z || a == z && outcomes[i] < outcomes[j]
		})
		parts := make([]string, len(outcomes))
		for i, o := range outcomes {
			parts[i] = fmt.Sprintf("%s: %d", o, c.m[k][o])
		}
		fmt.Fprintf(&b, "  %-30s %5d  slowest %6s  (%s)\n", k, total, c.slowest[k].Round(time.Millisecond), strings.Join(parts, ", "))
	}
	return b.String()
}

// worker is one client: an attendee acting on the trainings it booked, sometimes answered by
// the trainer. A training is only ever touched by the worker that booked it, one request at a
// time, as a person clicking in a browser would.
type worker struct {
	s        *System
	ledger   *Ledger
	counts   *Counts
	rng      *rand.Rand
	attendee auth.User
	mine     []string // the trainings it booked and may still act on
	n        int
	hangUps  float64
}

// call returns the context of one request: with probability hangUps the client hangs up after
// a random 1 to 40 ms, mid-request, as a closed browser tab or an impatient proxy would.
func (w *worker) call(ctx context.Context) context.Context {
	if w.hangUps <= 0 || w.rng.Float64() >= w.hangUps {
		return ctx
	}
	c, cancel := context.WithCancel(ctx)
	time.AfterFunc(time.Duration(1+w.rng.IntN(40))*time.Millisecond, cancel)
	return c
}

func (w *worker) token() string        { return w.s.tokenOf(w.attendee) }
func (w *worker) trainerToken() string { return w.s.tokenOf(w.s.Trainer) }

// hour picks a bookable hour: one in five in the late band, so late cancels and proposals
// happen too.
func (w *worker) hour() time.Time {
	if len(w.s.LateHours) > 0 && w.rng.IntN(5) == 0 {
		return w.s.LateHours[w.rng.IntN(len(w.s.LateHours))]
	}
	return w.s.FarHours[w.rng.IntN(len(w.s.FarHours))]
}

// step sends one request (or a proposal and its answer) and updates what the worker owns; it
// reports whether the last answer was lost.
func (w *worker) step(ctx context.Context) (lost bool) {
	api := w.s.api
	r := w.rng.Float64()
	// Book less once the worker holds several trainings, so the calendar never fills up and a
	// long run keeps cancelling and moving as much as booking.
	book := 0.35
	if len(w.mine) >= 6 {
		book = 0.05
	}
	if len(w.mine) == 0 || r < book {
		w.n++
		id, o := api.Book(w.call(ctx), w.token(), w.hour(), fmt.Sprintf("faults %s #%d", w.attendee.Name, w.n))
		w.counts.add("book", o)
		if o.OK() && id != "" {
			w.mine = append(w.mine, id)
		}
		return o.Lost()
	}
	i := w.rng.IntN(len(w.mine))
	uuid := w.mine[i]
	drop := func(o Outcome, cancelled bool) {
		// Gone for good: cancelled, or unknown to the service (a saga may delete a booking it undid).
		if cancelled || o.Reason == "training-canceled" || o.Status == 404 {
			w.mine = append(w.mine[:i], w.mine[i+1:]...)
		}
	}
	switch {
	case r < book+0.3:
		role := auth.RoleAttendee
		if w.rng.IntN(10) < 3 {
			role = auth.RoleTrainer
		}
		// Recorded before the request is sent: its answer may be lost while it takes effect.
		role = w.ledger.canceller(uuid, role)
		token := w.token()
		if role == auth.RoleTrainer {
			token = w.trainerToken()
		}
		o := api.Cancel(w.call(ctx), token, uuid)
		w.counts.add("cancel by "+string(role), o)
		drop(o, o.OK())
		return o.Lost()
	case r < book+0.45:
		o := api.Reschedule(w.call(ctx), w.token(), uuid, w.hour())
		w.counts.add("reschedule", o)
		drop(o, false)
		return o.Lost()
	default:
		// One side proposes, the other approves (mostly) or rejects.
		proposer, answerer, by := w.token(), w.trainerToken(), "attendee"
		if w.rng.IntN(3) == 0 {
			proposer, answerer, by = answerer, proposer, "trainer"
		}
		o := api.RequestReschedule(w.call(ctx), proposer, uuid, w.hour())
		w.counts.add("request-reschedule by "+by, o)
		if !o.OK() {
			drop(o, false)
			return o.Lost()
		}
		approve := w.rng.IntN(5) != 0
		o = api.Decide(w.call(ctx), answerer, uuid, approve)
		kind := "reject-reschedule"
		if approve {
			kind = "approve-reschedule"
		}
		w.counts.add(kind, o)
		drop(o, false)
		return o.Lost()
	}
}

// traffic runs workers until stop closes. A worker finishes the request it is in: a client
// that hangs up half-way is a fault of its own, sent only when hangUps asks for it.
func (s *System) traffic(ctx context.Context, stop <-chan struct{}, workers int, seed uint64, hangUps float64, ledger *Ledger, counts *Counts) {
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{
			s: s, ledger: ledger, counts: counts,
			rng:      rand.New(rand.NewPCG(seed, uint64(i))),
			attendee: s.Attendees[i%len(s.Attendees)],
			hangUps:  hangUps,
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if w.step(ctx) {
					// A client told "try later" (or not answered) waits a little, as one would,
					// instead of hammering a service that is down.
					sleep(ctx, time.Duration(20+w.rng.IntN(80))*time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
}
