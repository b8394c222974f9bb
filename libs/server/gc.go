package server

import (
	"os"
	"runtime/debug"
	"sync"
)

// defaultGCPercent is the services' garbage-collector target when GOGC is not set: the heap may
// grow to 5x what is live between collections instead of Go's 2x. A service's live heap is a few
// megabytes, so Go's default collected every few hundred requests: under a read load the
// collector was 15% of the training service's CPU (runtime.gcBgMarkWorker) and allocation 10%
// more, for the trainings list on PostgreSQL. With 400 the reads cost 25-35% less CPU
// (tools/bench side, README "Benchmarks"), for some megabytes of heap more. GOGC in the
// environment (the Go runtime's own setting, e.g. GOGC=100) wins.
const defaultGCPercent = 400

var tuneGCOnce sync.Once

// tuneGC sets the collector's target once per process, unless GOGC says otherwise.
func tuneGC() {
	tuneGCOnce.Do(func() { applyGCPercent(os.Getenv("GOGC")) })
}

func applyGCPercent(gogc string) {
	if gogc == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}
