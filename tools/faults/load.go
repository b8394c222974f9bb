package faults

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// LoadConfig shapes a load run: Bookings requests sent at once, spread over Hours far-band
// hours (fewer hours than bookings makes some bookings collide on purpose: exactly one per
// hour may win), round-robin over the attendees.
type LoadConfig struct {
	Bookings int
	Hours    int
	// Retries is how often a client repeats a booking answered 503 or not at all, as a real
	// client would; the repeat of a booking that had in fact succeeded finds its hour taken.
	Retries int
	// RecoveryTimeout bounds the wait for the invariants after the last answer.
	RecoveryTimeout time.Duration
}

// LoadReport is what a load run measured and found.
type LoadReport struct {
	Backend   Backend
	Bookings  int
	Hours     int
	Duration  time.Duration
	Latencies []time.Duration // of each booking, retries included
	Retries   int
	Requests  *Counts // every request, retries included
	Final     Result  // the invariants after the run
	Recovered bool
	Recovery  time.Duration
}

// RunLoad sends the bookings concurrently, then checks the invariants.
func (s *System) RunLoad(ctx context.Context, c LoadConfig) (*LoadReport, error) {
	if c.Hours <= 0 || c.Hours > len(s.FarHours) {
		c.Hours = len(s.FarHours)
	}
	if c.Hours == 0 {
		return nil, ErrNoHours
	}
	rep := &LoadReport{Backend: s.cfg.Backend, Bookings: c.Bookings, Hours: c.Hours, Requests: &Counts{}, Latencies: make([]time.Duration, c.Bookings)}
	var retries sync.Mutex
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i := range c.Bookings {
		attendee := s.Attendees[i%len(s.Attendees)]
		hour := s.FarHours[i%c.Hours]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ready // every booking leaves together
			start := time.Now()
			for attempt := 0; ; attempt++ {
				_, o := s.api.Book(ctx, s.tokenOf(attendee), hour, fmt.Sprintf("load #%d", i))
				rep.Requests.add("book", o)
				if !o.Lost() || attempt >= c.Retries || ctx.Err() != nil {
					break
				}
				retries.Lock()
				rep.Retries++
				retries.Unlock()
				sleep(ctx, time.Duration(100<<attempt)*time.Millisecond)
			}
			rep.Latencies[i] = time.Since(start)
		}()
	}
	start := time.Now()
	close(ready)
	wg.Wait()
	rep.Duration = time.Since(start)
	chaos := &Report{}
	err := s.awaitInvariants(ctx, NewLedger(), c.RecoveryTimeout, chaos)
	rep.Final, rep.Recovered, rep.Recovery = chaos.Final, chaos.Recovered, chaos.Recovery
	return rep, err
}

// Percentile returns the p-th percentile (0 < p <= 100) of the bookings' latencies.
func (r *LoadReport) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(r.Latencies)
	slices.Sort(sorted)
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// String prints the load run's figures.
func (r *LoadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load run on %s: %d concurrent bookings over %d hours in %s: %.1f bookings/s, p50 %s, p99 %s, %d retries\n",
		r.Backend, r.Bookings, r.Hours, r.Duration.Round(time.Millisecond), float64(r.Bookings)/r.Duration.Seconds(),
		r.Percentile(50).Round(time.Millisecond), r.Percentile(99).Round(time.Millisecond), r.Retries)
	b.WriteString("requests by outcome:\n")
	b.WriteString(r.Requests.String())
	b.WriteString(r.Final.summary())
	if !r.Recovered {
		fmt.Fprintf(&b, "invariants still broken %s after the last answer\n", r.Recovery.Round(time.Millisecond))
	}
	b.WriteString(r.Final.violations())
	return b.String()
}
