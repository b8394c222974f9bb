package sidebyside_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/tools/faults"
	"github.com/kratos-monorepo/monorepo/tools/sidebyside"
)

// TestProfile runs one workload against the services with their profiler on
// (server.pprof_addr) and saves, from every service, a CPU profile and an execution trace taken
// while the load runs: the evidence behind a change on the read or booking paths.
// SIDEBYSIDE_PROFILE=<dir> runs it; SIDEBYSIDE_PROFILE_WORKLOAD picks booking (20 clients book
// and cancel far hours, the default), list (the trainings list over HTTP, 4 clients) or calendar
// (the trainer's calendar over HTTP, 4 clients); SIDEBYSIDE_BACKENDS the backend (sqlite);
// SIDEBYSIDE_PROFILE_SECONDS the CPU profile's length (10; the trace takes 2 s after it).
//
//	go tool pprof -top <dir>/booking-sqlite-training.cpu.pprof
//	go tool trace -pprof=sync <dir>/booking-sqlite-training.trace > sync.pprof   # where goroutines wait
func TestProfile(t *testing.T) {
	dir := os.Getenv("SIDEBYSIDE_PROFILE")
	if dir == "" {
		t.Skip("set SIDEBYSIDE_PROFILE=<dir> to profile")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	workload := os.Getenv("SIDEBYSIDE_PROFILE_WORKLOAD")
	if workload == "" {
		workload = "booking"
	}
	backend := faults.Backend(os.Getenv("SIDEBYSIDE_BACKENDS"))
	if backend == "" {
		backend = faults.SQLite
	}
	seconds := envInt(t, "SIDEBYSIDE_PROFILE_SECONDS", 10)
	pprofAddr := map[string]string{}
	serviceEnv := map[string][]string{}
	for _, name := range faults.Services {
		pprofAddr[name] = freeAddr(t)
		serviceEnv[name] = []string{"APP_PPROF_ADDR=" + pprofAddr[name]}
	}
	s := start(t, backend, binaries(t), strings.Fields(os.Getenv("SIDEBYSIDE_ENV")), serviceEnv)

	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var latencies []time.Duration
	var latMu sync.Mutex
	load := func(clients int, do func(ctx context.Context, client, i int) error) {
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					t0 := time.Now()
					err := do(ctx, c, i)
					if ctx.Err() != nil {
						return
					}
					requests.Add(1)
					if err != nil {
						failures.Add(1)
					}
					latMu.Lock()
					latencies = append(latencies, time.Since(t0))
					latMu.Unlock()
				}
			}()
		}
	}
	switch workload {
	case "booking":
		// Each client books one of its own hours and cancels it again (more than 24 h ahead:
		// free), so the run never runs out of hours; both go through the saga.
		const clients = 20
		load(clients, func(ctx context.Context, c, i int) error {
			hours := s.bookable[c*(len(s.bookable)/clients) : (c+1)*(len(s.bookable)/clients)]
			attendee := s.sys.Attendees[1+c%(len(s.sys.Attendees)-1)]
			token := s.sys.Token(attendee)
			id, o := s.sys.API().Book(ctx, token, hours[i%len(hours)], "profile")
			if !o.OK() {
				return fmt.Errorf("book: %s %v", o.Key(), o.Err)
			}
			if o := s.sys.API().Cancel(ctx, token, id); !o.OK() {
				return fmt.Errorf("cancel: %s %v", o.Key(), o.Err)
			}
			return nil
		})
	case "list", "calendar":
		url := s.projectHTTP("training") + "/trainings"
		if workload == "calendar" {
			url = s.projectHTTP("trainer") + s.calendarPath()
		}
		load(4, func(ctx context.Context, _, _ int) error { _, err := s.get(ctx, url); return err })
	default:
		t.Fatalf("SIDEBYSIDE_PROFILE_WORKLOAD=%q: want booking, list or calendar", workload)
	}
	time.Sleep(time.Second) // warm up
	requests.Store(0)
	latMu.Lock()
	latencies = latencies[:0]
	latMu.Unlock()
	began := time.Now()
	var fetches sync.WaitGroup
	for _, name := range faults.Services {
		fetches.Add(1)
		go func() {
			defer fetches.Done()
			base := fmt.Sprintf("http://%s/debug/pprof/", pprofAddr[name])
			prefix := filepath.Join(dir, fmt.Sprintf("%s-%s-%s", workload, backend, name))
			if err := save(base+fmt.Sprintf("profile?seconds=%d", seconds), prefix+".cpu.pprof"); err != nil {
				t.Error(err)
			}
			if err := save(base+"trace?seconds=2", prefix+".trace"); err != nil {
				t.Error(err)
			}
		}()
	}
	fetches.Wait()
	elapsed := time.Since(began)
	stop()
	wg.Wait()
	// The services' logs next to the profiles (the run's own directory is removed).
	for _, name := range faults.Services {
		if data, err := os.ReadFile(s.sys.Procs[name].LogPath); err == nil {
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%s.log", workload, backend, name)), data, 0o644)
		}
	}
	n := requests.Load()
	t.Logf("%s on %s: %d requests in %.1f s (%.0f/s), %d failed, p50 %v, p99 %v; profiles in %s",
		workload, backend, n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), failures.Load(),
		sidebyside.Percentile(latencies, 50).Round(10*time.Microsecond),
		sidebyside.Percentile(latencies, 99).Round(10*time.Microsecond), dir)
}

func save(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
