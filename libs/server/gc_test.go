package server

import (
	"runtime/debug"
	"testing"
)

func currentGCPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Without GOGC the services collect at defaultGCPercent; a GOGC in the environment is left as
// the runtime read it.
func TestGCPercent(t *testing.T) {
	defer debug.SetGCPercent(currentGCPercent())
	debug.SetGCPercent(100)
	applyGCPercent("")
	if p := currentGCPercent(); p != defaultGCPercent {
		t.Errorf("without GOGC the GC percent is %d, want %d", p, defaultGCPercent)
	}
	debug.SetGCPercent(150) // as GOGC=150 would have made it
	applyGCPercent("150")
	if p := currentGCPercent(); p != 150 {
		t.Errorf("with GOGC=150 the GC percent is %d, want it left at 150", p)
	}
}
