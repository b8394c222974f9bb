package faults_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/tools/faults"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The regular suite runs a short fault run per backend. The long run and the load run:
//
//	FAULTS_ROUNDS=30 go test ./tools/faults -run TestFaults -timeout 30m -v
//	FAULTS_LOAD=300 go test ./tools/faults -run TestLoad -timeout 30m -v
//
// Other knobs: FAULTS_BACKENDS (sqlite,postgres), FAULTS_WORKERS, FAULTS_SEED,
// FAULTS_RECOVERY (how long to wait for the invariants), FAULTS_TAIL (traffic after the last
// kill; with FAULTS_ROUNDS=0 a crash-free baseline that must find nothing), FAULTS_STRICT.
const (
	defaultRounds   = 3
	defaultWorkers  = 8
	defaultRecovery = 15 * time.Second
)

// failOnViolations is whether a broken invariant fails the test. Today's booking flow breaks
// them under kill -9 (issue 9) and the saga that fixes it is being written: until it lands the
// test reports violations and fails only with FAULTS_STRICT=1. Flip it to true with the saga.
const failOnViolations = false

func strict() bool {
	if v := os.Getenv("FAULTS_STRICT"); v != "" {
		b, _ := strconv.ParseBool(v)
		return b
	}
	return failOnViolations
}

func TestFaults(t *testing.T) {
	rounds := envInt(t, "FAULTS_ROUNDS", defaultRounds)
	workers := envInt(t, "FAULTS_WORKERS", defaultWorkers)
	recovery := envDuration(t, "FAULTS_RECOVERY", defaultRecovery)
	tail := envDuration(t, "FAULTS_TAIL", time.Second)
	seed := uint64(envInt(t, "FAULTS_SEED", int(time.Now().UnixNano()%1e9)))
	bins := binaries(t)
	for _, backend := range backends(t) {
		t.Run(string(backend), func(t *testing.T) {
			t.Logf("seed %d (FAULTS_SEED repeats the run's choices; timing still differs)", seed)
			sys := startSystem(t, backend, bins, faults.SystemConfig{Attendees: workers})
			rep, err := sys.RunChaos(context.Background(), faults.ChaosConfig{
				Workers: workers, Rounds: rounds, Seed: seed,
				Gap:  [2]time.Duration{300 * time.Millisecond, 1200 * time.Millisecond},
				Down: [2]time.Duration{50 * time.Millisecond, 500 * time.Millisecond},
				Tail: tail, RecoveryTimeout: recovery,
				Progress: t.Logf,
			})
			if rep != nil {
				t.Logf("\n%s", rep)
			}
			if err != nil {
				t.Fatal(err)
			}
			// The harness itself must have done what it claims, whatever the services do.
			for _, s := range faults.Services {
				if rep.Kills[s] < rounds/len(faults.Services) {
					t.Errorf("%s killed %d times in %d rounds, want at least %d", s, rep.Kills[s], rounds, rounds/len(faults.Services))
				}
			}
			if rep.Requests.Total() == 0 {
				t.Error("no request got an answer")
			}
			if rep.Final.Trainings == 0 {
				t.Error("no training was booked: the traffic never reached the services")
			}
			checkViolations(t, rep.Final)
		})
	}
}

func TestLoad(t *testing.T) {
	bookings := envInt(t, "FAULTS_LOAD", 0)
	if bookings == 0 {
		t.Skip("set FAULTS_LOAD=300 (tools/bench load) to run the load run")
	}
	recovery := envDuration(t, "FAULTS_RECOVERY", defaultRecovery)
	bins := binaries(t)
	// About one booking in six collides with another on the same hour.
	hours := max(1, bookings*5/6)
	for _, backend := range backends(t) {
		t.Run(string(backend), func(t *testing.T) {
			sys := startSystem(t, backend, bins, faults.SystemConfig{Attendees: 50, FarHours: hours})
			rep, err := sys.RunLoad(context.Background(), faults.LoadConfig{
				Bookings: bookings, Hours: hours, Retries: 3, RecoveryTimeout: recovery,
			})
			if rep != nil {
				t.Logf("\n%s", rep)
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Final.Active == 0 {
				t.Error("no booking succeeded")
			}
			checkViolations(t, rep.Final)
		})
	}
}

func checkViolations(t *testing.T, r faults.Result) {
	t.Helper()
	if len(r.Violations) == 0 {
		return
	}
	if strict() {
		t.Errorf("%d invariant violations (listed above)", len(r.Violations))
		return
	}
	t.Logf("%d invariant violations NOT failing the test: failOnViolations is false until the saga of issue 9 lands (FAULTS_STRICT=1 fails now)", len(r.Violations))
}

// binaries builds the services once per test (or takes the ones Bazel built).
func binaries(t *testing.T) faults.Binaries {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bins, err := faults.LocateBinaries(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bins
}

func startSystem(t *testing.T, backend faults.Backend, bins faults.Binaries, cfg faults.SystemConfig) *faults.System {
	t.Helper()
	cfg.Backend, cfg.Binaries, cfg.Dir = backend, bins, t.TempDir()
	cfg.Env = append(cfg.Env, "APP_LOG_FORMAT=console")
	if backend == faults.Postgres {
		cfg.DSN = map[string]string{}
		for _, s := range faults.Services {
			cfg.DSN[s] = pgtest.NewDatabase(t)
		}
	}
	sys, err := faults.StartSystem(context.Background(), cfg)
	// Registered before any check can fail: no service outlives the test, whatever happens.
	t.Cleanup(func() {
		if sys == nil {
			return
		}
		sys.Stop()
		if t.Failed() {
			t.Logf("service logs:\n%s", sys.Logs(40))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

func backends(t *testing.T) []faults.Backend {
	list := os.Getenv("FAULTS_BACKENDS")
	if list == "" {
		return []faults.Backend{faults.SQLite, faults.Postgres}
	}
	var out []faults.Backend
	for _, b := range strings.Split(list, ",") {
		switch faults.Backend(strings.TrimSpace(b)) {
		case faults.SQLite, faults.Postgres:
			out = append(out, faults.Backend(strings.TrimSpace(b)))
		default:
			t.Fatalf("FAULTS_BACKENDS: unknown backend %q (sqlite, postgres)", b)
		}
	}
	return out
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a whole number", name, v)
	}
	return n
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s=%q: want a duration such as 30s", name, v)
	}
	return d
}
