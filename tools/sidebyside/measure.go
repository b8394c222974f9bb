// Package sidebyside measures the services' read and booking paths next to a bare baseline, in
// one run: a server that runs the same SQL on the same database and returns the same body with
// plain grpc-go and net/http (bare.go). Each figure is the project's, the baseline's and their
// ratio. Server CPU per request is read from /proc/<pid>/stat of each server process (user +
// system time over the requests of a round): it counts the server's own work only, not the
// load generator's, and is the steadiest figure on a busy machine. Rounds interleave the
// project and the baseline, so a noisy neighbour hurts both alike.
package sidebyside

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// clockTicks is the unit of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux).
const clockTicks = 100

// CPUTime is the user + system CPU time process pid has used so far.
func CPUTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces: count from its end.
	s := string(data)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(s[end+1:])
	// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, fields[11], fields[12])
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// Sample is one round against one server: Requests requests from Clients concurrent clients.
type Sample struct {
	Requests  int
	Errors    int
	CPU       time.Duration // the server's CPU time over the round
	Wall      time.Duration
	Latencies []time.Duration
}

// CPUPerRequest is the server's CPU time per request.
func (s Sample) CPUPerRequest() time.Duration {
	if s.Requests == 0 {
		return 0
	}
	return s.CPU / time.Duration(s.Requests)
}

// Percentile is the p-th percentile (0 < p <= 100) of the latencies.
func Percentile(latencies []time.Duration, p float64) time.Duration {
	if len(latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// cpuOf sums the CPU time of the processes.
func cpuOf(pids []int) (time.Duration, error) {
	var total time.Duration
	for _, pid := range pids {
		d, err := CPUTime(pid)
		if err != nil {
			return 0, err
		}
		total += d
	}
	return total, nil
}

// Run sends requests calls of do from clients goroutines and measures the CPU time of the
// server processes pids (together). do gets the request's index; an error counts as a failed
// request (its latency still counts).
func Run(ctx context.Context, pids []int, clients, requests int, do func(ctx context.Context, i int) error) (Sample, error) {
	before, err := cpuOf(pids)
	if err != nil {
		return Sample{}, err
	}
	s := Sample{Requests: requests, Latencies: make([]time.Duration, requests)}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= requests || ctx.Err() != nil {
					return
				}
				t := time.Now()
				if err := do(ctx, i); err != nil {
					failed.Add(1)
				}
				s.Latencies[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	s.Wall = time.Since(start)
	after, err := cpuOf(pids)
	if err != nil {
		return Sample{}, err
	}
	s.CPU, s.Errors = after-before, int(failed.Load())
	return s, ctx.Err()
}

// Pair is one goal's rounds: the project's and the baseline's samples, interleaved.
type Pair struct {
	Goal              string
	Project, Baseline []Sample
}

func medianOf(samples []Sample, f func(Sample) time.Duration) time.Duration {
	vs := make([]time.Duration, 0, len(samples))
	for _, s := range samples {
		vs = append(vs, f(s))
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)/2]
}

func p99(s Sample) time.Duration { return Percentile(s.Latencies, 99) }

func errorsOf(samples []Sample) (n int) {
	for _, s := range samples {
		n += s.Errors
	}
	return n
}

// Row is one printed line: the median over the rounds of CPU per request and of p99.
type Row struct {
	Goal                   string
	ProjectCPU, BaseCPU    time.Duration
	ProjectP99, BaseP99    time.Duration
	ProjectErrs, BaseErrs  int
	CPUGoal, P99Goal       float64 // the largest ratio the goal allows
	BaselineName           string
	CompareCPU, CompareP99 bool
}

// RowOf summarizes a pair.
func RowOf(p Pair, baseline string, cpuGoal, p99Goal float64) Row {
	return Row{
		Goal:       p.Goal,
		ProjectCPU: medianOf(p.Project, Sample.CPUPerRequest), BaseCPU: medianOf(p.Baseline, Sample.CPUPerRequest),
		ProjectP99: medianOf(p.Project, p99), BaseP99: medianOf(p.Baseline, p99),
		ProjectErrs: errorsOf(p.Project), BaseErrs: errorsOf(p.Baseline),
		CPUGoal: cpuGoal, P99Goal: p99Goal, BaselineName: baseline,
		CompareCPU: cpuGoal > 0, CompareP99: p99Goal > 0,
	}
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func verdict(r, goal float64) string {
	if r <= goal {
		return "ok"
	}
	return "OVER"
}

// String prints the row's figures, each with its ratio and the goal's bound.
func (r Row) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-44s", r.Goal)
	if r.CompareCPU {
		cr := ratio(r.ProjectCPU, r.BaseCPU)
		fmt.Fprintf(&b, "  cpu/req %7s vs %7s = %4.2fx (goal <= %.1fx %s)",
			us(r.ProjectCPU), us(r.BaseCPU), cr, r.CPUGoal, verdict(cr, r.CPUGoal))
	}
	if r.CompareP99 {
		pr := ratio(r.ProjectP99, r.BaseP99)
		fmt.Fprintf(&b, "  p99 %8s vs %8s = %4.2fx (goal <= %.1fx %s)",
			ms(r.ProjectP99), ms(r.BaseP99), pr, r.P99Goal, verdict(pr, r.P99Goal))
	}
	if r.ProjectErrs+r.BaseErrs > 0 {
		fmt.Fprintf(&b, "  errors %d / %d", r.ProjectErrs, r.BaseErrs)
	}
	return b.String()
}

func us(d time.Duration) string { return fmt.Sprintf("%.0fus", float64(d)/float64(time.Microsecond)) }
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
