package server

import (
	"math"
	"os"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
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

// memoryLimitShare is the part of the cgroup's memory limit (a container's --memory, a systemd
// unit's MemoryMax) the Go runtime aims to stay under when GOMEMLIMIT is not set. A heap allowed
// to grow to 5x its live size could otherwise reach the cap and be killed: near the limit the
// collector runs more often instead. The rest is left for what the runtime does not count
// (thread stacks outside the heap, the C library's and the kernel's page cache charged to the
// cgroup).
const memoryLimitShare = 0.9

var tuneGCOnce sync.Once

// tuneGC sets the collector's target and soft memory limit once per process, unless GOGC and
// GOMEMLIMIT say otherwise.
func tuneGC() {
	tuneGCOnce.Do(func() {
		applyGCPercent(os.Getenv("GOGC"))
		applyMemoryLimit(os.Getenv("GOMEMLIMIT"), cgroupMemoryLimit("/"))
	})
}

func applyGCPercent(gogc string) {
	if gogc == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// applyMemoryLimit sets the runtime's soft memory limit to memoryLimitShare of the cgroup's
// limit (0: none found) when GOMEMLIMIT is not set.
func applyMemoryLimit(gomemlimit string, cgroupLimit int64) {
	if gomemlimit != "" || cgroupLimit <= 0 {
		return
	}
	debug.SetMemoryLimit(int64(float64(cgroupLimit) * memoryLimitShare))
}

// cgroupMemoryLimit is the smallest memory limit on this process's cgroup and its ancestors
// (cgroup v2: memory.max along the path /proc/self/cgroup names; v1: the memory controller's
// memory.limit_in_bytes), read under root (a test's folder; "/" in a service), or 0 when none is
// set or it cannot be read.
func cgroupMemoryLimit(root string) int64 {
	data, err := os.ReadFile(path.Join(root, "proc/self/cgroup"))
	if err != nil {
		return 0
	}
	var limit int64
	lower := func(v int64) {
		if v > 0 && (limit == 0 || v < limit) {
			limit = v
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.SplitN(line, ":", 3)
		if len(fields) != 3 {
			continue
		}
		switch {
		case fields[0] == "0" && fields[1] == "": // v2: the unified hierarchy
			for dir := path.Clean(fields[2]); ; dir = path.Dir(dir) {
				lower(readLimit(path.Join(root, "sys/fs/cgroup", dir, "memory.max")))
				if dir == "/" {
					break
				}
			}
		case hasController(fields[1], "memory"): // v1
			lower(readLimit(path.Join(root, "sys/fs/cgroup/memory", path.Clean(fields[2]), "memory.limit_in_bytes")))
			lower(readLimit(path.Join(root, "sys/fs/cgroup/memory/memory.limit_in_bytes")))
		}
	}
	return limit
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readLimit reads one limit file: "max" (v2) or a value near the largest int64 (v1's way of
// saying none) is no limit, 0.
func readLimit(file string) int64 {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || v <= 0 || v >= math.MaxInt64/2 {
		return 0
	}
	return v
}
