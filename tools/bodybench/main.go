// Command bodybench shows what an unauthenticated client can make a service hold: it starts
// the trainer service in a child process on its embedded defaults (development mode, a
// throwaway SQLite file, free loopback ports), sends ten concurrent 50 MB request bodies
// without a token, and prints the service's peak resident memory (VmHWM) before and after.
// The goal is a growth under 50 MB; it exits 1 above it.
//
//	go run ./tools/bodybench [-n 10] [-size 50] [-limit 50]
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
)

func main() {
	serve := flag.Bool("serve", false, "run the trainer service (the child process)")
	n := flag.Int("n", 10, "concurrent requests")
	sizeMB := flag.Int("size", 50, "body size of each request, MB")
	limitMB := flag.Int("limit", 50, "the largest acceptable growth of the peak RSS, MB")
	maxBody := flag.String("max-body-bytes", "", "the service's server.http_limits.max_body_bytes (APP_HTTP_MAX_BODY_BYTES); its default when empty")
	flag.Parse()
	if *serve {
		if err := runner.Run(nil, os.Stdout, service.Name, service.DefaultConfig, "bench", service.New); err != nil {
			fmt.Fprintln(os.Stderr, "trainer:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*n, int64(*sizeMB)<<20, int64(*limitMB)<<20, *maxBody); err != nil {
		fmt.Fprintln(os.Stderr, "bodybench:", err)
		os.Exit(1)
	}
}

func run(n int, size, limit int64, maxBody string) error {
	addrs, err := freeport.Addrs(2)
	if err != nil {
		return err
	}
	addr, grpcAddr := addrs[0], addrs[1]
	dir, err := os.MkdirTemp("", "bodybench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self, "-serve")
	child.Env = append(os.Environ(), "APP_MODE=development", "APP_LOG_LEVEL=error",
		"APP_HTTP_ADDR="+addr, "APP_GRPC_ADDR="+grpcAddr, "APP_DB_SOURCE="+filepath.Join(dir, "trainer.db"))
	if maxBody != "" {
		child.Env = append(child.Env, "APP_HTTP_MAX_BODY_BYTES="+maxBody)
	}
	var output bytes.Buffer // shown when the service does not start
	child.Stdout, child.Stderr = &output, &output
	if err := child.Start(); err != nil {
		return err
	}
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()
	if err := waitHealthy("http://" + addr + "/healthz"); err != nil {
		return fmt.Errorf("%w:\n%s", err, output.String())
	}
	before, err := peakRSS(child.Process.Pid)
	if err != nil {
		return err
	}

	statuses := make([]string, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPut, "http://"+addr+"/trainer/hours/available", io.LimitReader(zeros{}, size))
			req.Header.Set("Content-Type", "application/json")
			req.ContentLength = -1 // chunked: the server learns the size only by reading
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses[i] = "connection closed while sending"
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses[i] = fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body)))
		})
	}
	wg.Wait()
	took := time.Since(start)
	after, err := peakRSS(child.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("%d concurrent %d MB bodies without a token, answered in %v:\n", n, size>>20, took.Round(time.Millisecond))
	for _, s := range dedupe(statuses) {
		fmt.Println("  ", s)
	}
	growth := after - before
	fmt.Printf("trainer peak RSS: %d MB before, %d MB after, growth %d MB (goal < %d MB)\n", before>>20, after>>20, growth>>20, limit>>20)
	if growth >= limit {
		return fmt.Errorf("peak RSS grew by %d MB", growth>>20)
	}
	return nil
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func waitHealthy(url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the trainer service did not become healthy within 30 s")
}

// peakRSS is the process's peak resident set size (VmHWM in /proc/<pid>/status), in bytes.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/<pid>/status")
}

func dedupe(lines []string) []string {
	counts := map[string]int{}
	var order []string
	for _, l := range lines {
		if counts[l] == 0 {
			order = append(order, l)
		}
		counts[l]++
	}
	out := make([]string, len(order))
	for i, l := range order {
		out[i] = fmt.Sprintf("%d x %s", counts[l], l)
	}
	return out
}
