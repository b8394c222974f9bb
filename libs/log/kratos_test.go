package log_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/config"
	"github.com/go-kratos/kratos/v2/config/env"
	kfile "github.com/go-kratos/kratos/v2/config/file"
	klog "github.com/go-kratos/kratos/v2/log"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/log"
)

// TestKratosGlobalDropsKratosRoutineLines makes kratos itself say its routine lines (a config
// read and closed, servers started and stopped) and checks none reaches the logger, while
// anything else kratos logs globally still does. It changes kratos' global logger, so it does
// not run in parallel.
func TestKratosGlobalDropsKratosRoutineLines(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	l, err := log.New(log.Options{Service: "test", Level: "debug", Core: core})
	if err != nil {
		t.Fatal(err)
	}
	previous := klog.GetLogger()
	t.Cleanup(func() { klog.SetLogger(previous) })
	log.SetKratosGlobal(l)

	file := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(file, []byte("log:\n  level: info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := config.New(config.WithSource(kfile.NewSource(file), env.NewSource("KRATOS_GLOBAL_TEST_")))
	if err := c.Load(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	startAndStop(t, khttp.NewServer(khttp.Address("127.0.0.1:0")))
	startAndStop(t, kgrpc.NewServer(kgrpc.Address("127.0.0.1:0")))
	// The config's watcher logs from its own goroutine once Close stopped it.
	time.Sleep(100 * time.Millisecond)
	for _, e := range logs.All() {
		t.Errorf("routine kratos line reached the logger: %s %q", e.Level, e.Message)
	}

	klog.Errorf("failed to watch next config: %v", "boom")
	got := logs.TakeAll()
	if len(got) != 1 || got[0].Message != "failed to watch next config: boom" || got[0].Level != zapcore.ErrorLevel {
		t.Fatalf("a kratos error line: got %v, want it passed through at error level", got)
	}
	if got[0].ContextMap()["service.name"] != "test" {
		t.Errorf("a kratos error line: fields %v, want the logger's service.name", got[0].ContextMap())
	}
}

type server interface {
	Start(context.Context) error
	Stop(context.Context) error
}

func startAndStop(t *testing.T, s server) {
	t.Helper()
	started := make(chan error, 1)
	go func() { started <- s.Start(context.Background()) }()
	time.Sleep(100 * time.Millisecond) // Start logs "listening" before it blocks serving
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-started
}
