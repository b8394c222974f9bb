// Package faults is the crash test of the booking flow: it runs the three services (user,
// trainer, training) as real processes, sends concurrent book / cancel / reschedule traffic
// over their HTTP APIs, kill -9s a randomly chosen service at random moments and restarts
// it, lets the system recover, then checks the invariants across the three databases
// (System.Check). RunLoad is the no-crash load run: many concurrent bookings, then the same
// check.
package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// ChaosConfig shapes a fault run.
type ChaosConfig struct {
	// Workers are concurrent clients; Rounds is how many kill -9s. Services are killed in
	// shuffled turns, so each is killed Rounds/3 times at least.
	Workers int
	Rounds  int
	// Between kills the system runs for a random time in Gap; a killed service stays down for a
	// random time in Down before it is started again on the same ports and database.
	Gap, Down [2]time.Duration
	// Tail is how long traffic goes on after the last restart.
	Tail time.Duration
	// RecoveryTimeout bounds the wait, after traffic stops, for the invariants to hold.
	RecoveryTimeout time.Duration
	// HangUps is the share of requests (0 to 1) the client abandons after 1 to 40 ms: a fault
	// besides the kills, off by default.
	HangUps float64
	Seed    uint64
	// Progress, when set, gets a line per kill.
	Progress func(format string, args ...any)
}

// Report is what a fault run did and found.
type Report struct {
	Backend  Backend
	Rounds   int
	Kills    map[string]int
	Crashes  map[string]int // exits the harness did not cause
	Requests *Counts
	Traffic  time.Duration
	// Recovered is false when the invariants still failed at RecoveryTimeout; Recovery is how
	// long after traffic stopped they first held (or the timeout).
	Recovered bool
	Recovery  time.Duration
	Final     Result
}

// RunChaos sends traffic while killing services, then waits for the invariants.
func (s *System) RunChaos(ctx context.Context, c ChaosConfig) (*Report, error) {
	if c.Workers <= 0 {
		c.Workers = 8
	}
	progress := c.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5eed))
	ledger := NewLedger()
	rep := &Report{Backend: s.cfg.Backend, Requests: &Counts{}, Kills: map[string]int{}, Crashes: map[string]int{}}

	stop := make(chan struct{})
	var stopOnce sync.Once
	stopTraffic := func() { stopOnce.Do(func() { close(stop) }) }
	defer stopTraffic()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		s.traffic(ctx, stop, c.Workers, c.Seed, c.HangUps, ledger, rep.Requests)
	}()

	var turn []string
	var chaosErr error
	for round := 1; round <= c.Rounds && chaosErr == nil; round++ {
		if len(turn) == 0 {
			turn = append([]string{}, Services...)
			rng.Shuffle(len(turn), func(i, j int) { turn[i], turn[j] = turn[j], turn[i] })
		}
		victim := turn[0]
		turn = turn[1:]
		if !sleep(ctx, between(rng, c.Gap)) {
			chaosErr = ctx.Err()
			break
		}
		p := s.Procs[victim]
		p.Kill()
		down := between(rng, c.Down)
		progress("round %d/%d: kill -9 %s after %d requests, down %s", round, c.Rounds, victim, rep.Requests.Total(), down.Round(time.Millisecond))
		if !sleep(ctx, down) {
			chaosErr = ctx.Err()
			break
		}
		if err := p.Start(ctx); err != nil {
			chaosErr = fmt.Errorf("round %d: restart %s: %w", round, victim, err)
		}
		rep.Rounds = round
	}
	if chaosErr == nil {
		sleep(ctx, c.Tail)
	}
	stopTraffic()
	<-done
	rep.Traffic = time.Since(start)
	for name, p := range s.Procs {
		rep.Kills[name], rep.Crashes[name] = p.Faults()
	}
	if chaosErr != nil {
		return rep, chaosErr
	}
	// A service that died on its own is started again: recovery is judged on a whole system.
	for _, name := range Services {
		if p := s.Procs[name]; !p.Running() {
			if err := p.Start(ctx); err != nil {
				return rep, err
			}
		}
	}
	err := s.awaitInvariants(ctx, ledger, c.RecoveryTimeout, rep)
	return rep, err
}

// awaitInvariants checks until the invariants hold or timeout passes.
func (s *System) awaitInvariants(ctx context.Context, ledger *Ledger, timeout time.Duration, rep *Report) error {
	start := time.Now()
	for {
		r, err := s.Check(ctx, ledger)
		if err != nil {
			return err
		}
		rep.Final, rep.Recovery = r, time.Since(start)
		if len(r.Violations) == 0 {
			rep.Recovered = true
			return nil
		}
		if rep.Recovery >= timeout || !sleep(ctx, 250*time.Millisecond) {
			return nil
		}
	}
}

// String prints the figures a fault run's closing note needs.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fault run on %s: %d kill rounds, %d requests in %s\n", r.Backend, r.Rounds, r.Requests.Total(), r.Traffic.Round(time.Millisecond))
	fmt.Fprintf(&b, "kills: user %d, trainer %d, training %d", r.Kills["user"], r.Kills["trainer"], r.Kills["training"])
	if n := r.Crashes["user"] + r.Crashes["trainer"] + r.Crashes["training"]; n > 0 {
		fmt.Fprintf(&b, "; exits not caused by the harness: user %d, trainer %d, training %d", r.Crashes["user"], r.Crashes["trainer"], r.Crashes["training"])
	}
	b.WriteString("\nrequests by kind and outcome:\n")
	b.WriteString(r.Requests.String())
	b.WriteString(r.Final.summary())
	if r.Recovered {
		fmt.Fprintf(&b, "recovery: invariants held %s after traffic stopped\n", r.Recovery.Round(time.Millisecond))
	} else {
		fmt.Fprintf(&b, "recovery: invariants still broken %s after traffic stopped\n", r.Recovery.Round(time.Millisecond))
	}
	b.WriteString(r.Final.violations())
	return b.String()
}

func (r Result) summary() string {
	ops := "no operations table"
	if r.Unfinished >= 0 {
		ops = fmt.Sprintf("%d unfinished operations", r.Unfinished)
	}
	return fmt.Sprintf("final state: %d trainings (%d active, %d cancelled, %d pending), %d hours training_scheduled, %s\n",
		r.Trainings, r.Active, r.Canceled, r.Pending, r.Scheduled, ops)
}

func (r Result) violations() string {
	var b strings.Builder
	fmt.Fprintf(&b, "violations: %d\n", len(r.Violations))
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "  - %s\n", v)
	}
	return b.String()
}

func between(rng *rand.Rand, span [2]time.Duration) time.Duration {
	if span[1] <= span[0] {
		return span[0]
	}
	return span[0] + time.Duration(rng.Int64N(int64(span[1]-span[0])))
}

// sleep waits d or until ctx ends; false when ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
