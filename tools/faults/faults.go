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
	"slices"
	"strings"
	"sync"
	"time"
)

// Fault is what one round of a fault run does to the system.
type Fault string

// The faults a run can inflict, in shuffled turns (ChaosConfig.Faults).
const (
	// Kill sends SIGKILL to a service's process group and starts it again after Down: a crash
	// at any moment, with whatever it was doing left half-done.
	Kill Fault = "kill"
	// Freeze stops a service with SIGSTOP for Frozen, then SIGCONT: a service that hangs with
	// its sockets open, longer than the calls' deadlines, so its callers time out instead of
	// being refused, and its own work resumes late.
	Freeze Fault = "freeze"
	// Database stops the PostgreSQL server every service uses (ChaosConfig.Database) for
	// DatabaseDown, then starts it again; every other such round stops it immediately (as a
	// crash would), the others fast (as an operator would).
	Database Fault = "database"
	// Disk fills the file system under the SQLite files (ChaosConfig.Disk) for DiskFull, then
	// frees the space again.
	Disk Fault = "disk"
)

// ParseFaults reads a comma-separated list of faults ("kill,freeze,database").
func ParseFaults(list string) ([]Fault, error) {
	var out []Fault
	for _, f := range strings.Split(list, ",") {
		switch Fault(strings.TrimSpace(f)) {
		case Kill, Freeze, Database, Disk:
			out = append(out, Fault(strings.TrimSpace(f)))
		default:
			return nil, fmt.Errorf("unknown fault %q (kill, freeze, database, disk)", f)
		}
	}
	return out, nil
}

// DatabaseServer is the PostgreSQL server under the services, which a Database fault stops
// and starts again (in tests: libs/testing/pgtest's StopServer and StartServer).
type DatabaseServer interface {
	Stop(immediate bool) error
	Start() error
}

// FullDisk is the file system under the SQLite files, which a Disk fault fills (every write
// then fails with "no space left on device") and frees again.
type FullDisk interface {
	Fill() error
	Free() error
}

// ChaosConfig shapes a fault run.
type ChaosConfig struct {
	// Workers are concurrent clients; Rounds is how many faults. Faults take turns in
	// shuffled order (Kill only when empty), and so do the services a Kill or Freeze hits, so
	// each service is hit Rounds/(3*len(Faults)) times at least by each of them.
	Workers int
	Rounds  int
	Faults  []Fault
	// Between faults the system runs for a random time in Gap; a killed service stays down for a
	// random time in Down before it is started again on the same ports and database.
	Gap, Down [2]time.Duration
	// Frozen is how long a Freeze lasts (default 2.5 to 5 s: longer than the 2 s deadline of
	// the training service's calls, shorter than the harness's 15 s client timeout).
	Frozen [2]time.Duration
	// Database is the server a Database fault stops, for a random time in DatabaseDown
	// (default 1 to 4 s).
	Database     DatabaseServer
	DatabaseDown [2]time.Duration
	// Disk is the file system a Disk fault fills, for a random time in DiskFull (default 1 to
	// 4 s); SystemConfig.DataDir must lie on it.
	Disk     FullDisk
	DiskFull [2]time.Duration
	// Tail is how long traffic goes on after the last restart.
	Tail time.Duration
	// RecoveryTimeout bounds the wait, after traffic stops, for the invariants to hold.
	RecoveryTimeout time.Duration
	// HangUps is the share of requests (0 to 1) the client abandons after 1 to 40 ms: a fault
	// besides the kills, off by default.
	HangUps float64
	Seed    uint64
	// Progress, when set, gets a line per fault.
	Progress func(format string, args ...any)
}

// Report is what a fault run did and found.
type Report struct {
	Backend Backend
	Rounds  int
	// Hits counts the faults inflicted, by fault and by what they hit (a service, or
	// "postgres fast" / "postgres immediate").
	Hits     map[Fault]map[string]int
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

// RunChaos sends traffic while inflicting faults, then waits for the invariants.
func (s *System) RunChaos(ctx context.Context, c ChaosConfig) (*Report, error) {
	if c.Workers <= 0 {
		c.Workers = 8
	}
	if len(c.Faults) == 0 {
		c.Faults = []Fault{Kill}
	}
	if c.Frozen == [2]time.Duration{} {
		c.Frozen = [2]time.Duration{2500 * time.Millisecond, 5 * time.Second}
	}
	if c.DatabaseDown == [2]time.Duration{} {
		c.DatabaseDown = [2]time.Duration{time.Second, 4 * time.Second}
	}
	if c.DiskFull == [2]time.Duration{} {
		c.DiskFull = [2]time.Duration{time.Second, 4 * time.Second}
	}
	if slices.Contains(c.Faults, Database) && (c.Database == nil || s.cfg.Backend != Postgres) {
		return nil, fmt.Errorf("the %s fault needs PostgreSQL and its server (ChaosConfig.Database)", Database)
	}
	if slices.Contains(c.Faults, Disk) && (c.Disk == nil || s.cfg.Backend != SQLite) {
		return nil, fmt.Errorf("the %s fault needs SQLite and a file system to fill (ChaosConfig.Disk)", Disk)
	}
	progress := c.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5eed))
	ledger := NewLedger()
	rep := &Report{Backend: s.cfg.Backend, Requests: &Counts{}, Hits: map[Fault]map[string]int{}, Kills: map[string]int{}, Crashes: map[string]int{}}

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

	faults := turns(rng, c.Faults)
	victims := map[Fault]func() string{}
	for _, f := range c.Faults {
		victims[f] = turns(rng, Services)
	}
	databaseRounds := 0
	var chaosErr error
	for round := 1; round <= c.Rounds && chaosErr == nil; round++ {
		if !sleep(ctx, between(rng, c.Gap)) {
			chaosErr = ctx.Err()
			break
		}
		fault := faults()
		var hit string
		switch fault {
		case Kill:
			hit = victims[fault]()
			p := s.Procs[hit]
			p.Kill()
			down := between(rng, c.Down)
			progress("round %d/%d: kill -9 %s after %d requests, down %s", round, c.Rounds, hit, rep.Requests.Total(), down.Round(time.Millisecond))
			if !sleep(ctx, down) {
				chaosErr = ctx.Err()
				break
			}
			if err := p.Start(ctx); err != nil {
				chaosErr = fmt.Errorf("round %d: restart %s: %w", round, hit, err)
			}
		case Freeze:
			hit = victims[fault]()
			frozen := between(rng, c.Frozen)
			progress("round %d/%d: freeze %s after %d requests, for %s", round, c.Rounds, hit, rep.Requests.Total(), frozen.Round(time.Millisecond))
			if err := s.Procs[hit].Freeze(ctx, frozen); err != nil {
				chaosErr = fmt.Errorf("round %d: %w", round, err)
			}
		case Database:
			databaseRounds++
			immediate := databaseRounds%2 == 0
			hit = "postgres fast"
			if immediate {
				hit = "postgres immediate"
			}
			down := between(rng, c.DatabaseDown)
			progress("round %d/%d: stop %s after %d requests, down %s", round, c.Rounds, hit, rep.Requests.Total(), down.Round(time.Millisecond))
			if err := c.Database.Stop(immediate); err != nil {
				chaosErr = fmt.Errorf("round %d: stop the database: %w", round, err)
				break
			}
			sleep(ctx, down)
			if err := c.Database.Start(); err != nil {
				chaosErr = fmt.Errorf("round %d: start the database: %w", round, err)
			}
		case Disk:
			hit = "sqlite files"
			full := between(rng, c.DiskFull)
			progress("round %d/%d: fill the disk after %d requests, for %s", round, c.Rounds, rep.Requests.Total(), full.Round(time.Millisecond))
			if err := c.Disk.Fill(); err != nil {
				chaosErr = fmt.Errorf("round %d: fill the disk: %w", round, err)
				break
			}
			sleep(ctx, full)
			if err := c.Disk.Free(); err != nil {
				chaosErr = fmt.Errorf("round %d: free the disk: %w", round, err)
			}
		}
		if rep.Hits[fault] == nil {
			rep.Hits[fault] = map[string]int{}
		}
		rep.Hits[fault][hit]++
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

// turns returns the items one at a time, in a new shuffled order each time all were given.
func turns[T any](rng *rand.Rand, items []T) func() T {
	var turn []T
	return func() T {
		if len(turn) == 0 {
			turn = slices.Clone(items)
			rng.Shuffle(len(turn), func(i, j int) { turn[i], turn[j] = turn[j], turn[i] })
		}
		next := turn[0]
		turn = turn[1:]
		return next
	}
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
	fmt.Fprintf(&b, "fault run on %s: %d fault rounds, %d requests in %s\n", r.Backend, r.Rounds, r.Requests.Total(), r.Traffic.Round(time.Millisecond))
	fmt.Fprintf(&b, "faults: %s", r.hits())
	if n := r.Crashes["user"] + r.Crashes["trainer"] + r.Crashes["training"]; n > 0 {
		fmt.Fprintf(&b, "; exits not caused by the harness: user %d, trainer %d, training %d", r.Crashes["user"], r.Crashes["trainer"], r.Crashes["training"])
	}
	b.WriteString("\nrequests by kind and outcome:\n")
	b.WriteString(r.Requests.String())
	fmt.Fprintf(&b, "answers by outcome: %s\n", outcomes(r.Requests.Outcomes()))
	b.WriteString(r.Final.summary())
	if r.Recovered {
		fmt.Fprintf(&b, "recovery: invariants held %s after traffic stopped\n", r.Recovery.Round(time.Millisecond))
	} else {
		fmt.Fprintf(&b, "recovery: invariants still broken %s after traffic stopped\n", r.Recovery.Round(time.Millisecond))
	}
	b.WriteString(r.Final.violations())
	return b.String()
}

// hits lists the faults inflicted: "kill user 3, kill trainer 4, freeze user 2".
func (r *Report) hits() string {
	var parts []string
	for _, f := range []Fault{Kill, Freeze, Database, Disk} {
		names := make([]string, 0, len(r.Hits[f]))
		for name := range r.Hits[f] {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			parts = append(parts, fmt.Sprintf("%s %s %d", f, name, r.Hits[f][name]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// outcomes prints outcome counts, most frequent first.
func outcomes(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, z string) int {
		if m[a] != m[z] {
			return m[z] - m[a]
		}
		return strings.Compare(a, z)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
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
