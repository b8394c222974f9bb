package server

import (
	"math"
	"os"
	"path/filepath"
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

// writeFiles makes a fake /proc and /sys/fs/cgroup under a test folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// The limit is the smallest along the process's cgroup path (a container's cap may sit on a
// parent), "max" and v1's huge value mean none, and an unreadable tree means none.
func TestCgroupMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"v2 container", map[string]string{
			"proc/self/cgroup":         "0::/\n",
			"sys/fs/cgroup/memory.max": "536870912\n",
		}, 536870912},
		{"v2 unit under a smaller slice", map[string]string{
			"proc/self/cgroup": "0::/system.slice/training.service\n",
			"sys/fs/cgroup/system.slice/training.service/memory.max": "max\n",
			"sys/fs/cgroup/system.slice/memory.max":                  "268435456\n",
		}, 268435456},
		{"v2 no limit", map[string]string{
			"proc/self/cgroup":                    "0::/user.slice\n",
			"sys/fs/cgroup/user.slice/memory.max": "max\n",
		}, 0},
		{"v1", map[string]string{
			"proc/self/cgroup": "12:pids:/docker/abc\n5:cpuacct,memory:/docker/abc\n",
			"sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "1073741824\n",
		}, 1073741824},
		{"v1 no limit", map[string]string{
			"proc/self/cgroup":                           "5:memory:/\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
		}, 0},
		{"no cgroup file", map[string]string{}, 0},
		{"garbage", map[string]string{
			"proc/self/cgroup":         "0::/\n",
			"sys/fs/cgroup/memory.max": "lots\n",
		}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := cgroupMemoryLimit(writeFiles(t, tt.files)); got != tt.want {
				t.Errorf("cgroupMemoryLimit = %d, want %d", got, tt.want)
			}
		})
	}
}

// A cgroup limit becomes the runtime's soft limit at memoryLimitShare; GOMEMLIMIT in the
// environment, or no limit, leaves the runtime's own setting.
func TestMemoryLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	debug.SetMemoryLimit(math.MaxInt64)
	applyMemoryLimit("", 1<<30)
	gib := int64(1 << 30)
	if got, want := debug.SetMemoryLimit(-1), int64(float64(gib)*memoryLimitShare); got != want {
		t.Errorf("with a 1 GiB cgroup limit the soft limit is %d, want %d", got, want)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	applyMemoryLimit("200MiB", 1<<30)
	applyMemoryLimit("", 0)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set or no cgroup limit the soft limit changed to %d", got)
	}
}
