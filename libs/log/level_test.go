package log_test

import (
	"errors"
	"testing"

	klog "github.com/go-kratos/kratos/v2/log"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/log"
)

// SetLevel is how a running service follows log.level from its config: it must reach both the
// kratos entry point and the zap logger handed to libs/decorator.
func TestSetLevelChangesWhatARunningLoggerWrites(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	l, err := log.New(log.Options{Level: "warn", Core: core})
	if err != nil {
		t.Fatal(err)
	}
	h := klog.NewHelper(l)
	h.Debug("dropped at warn")
	if err := l.SetLevel("debug"); err != nil {
		t.Fatal(err)
	}
	if l.Level() != "debug" {
		t.Errorf("Level() = %q, want debug", l.Level())
	}
	h.Debug("kept at debug")
	l.Zap().Debug("zap kept at debug")
	if err := l.SetLevel("error"); err != nil {
		t.Fatal(err)
	}
	h.Warn("dropped at error")
	l.Zap().Warn("zap dropped at error")

	var got []string
	for _, e := range logs.All() {
		got = append(got, e.Message)
	}
	if len(got) != 2 || got[0] != "kept at debug" || got[1] != "zap kept at debug" {
		t.Fatalf("written = %q, want only the two debug entries written at debug level", got)
	}
}

func TestSetLevelRefusesUnknownLevelsAndKeepsTheCurrentOne(t *testing.T) {
	t.Parallel()
	core, _ := observer.New(zapcore.DebugLevel)
	l, err := log.New(log.Options{Level: "warn", Core: core})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetLevel("verbose"); !errors.Is(err, log.ErrUnknownLevel) {
		t.Fatalf("SetLevel(verbose) = %v, want ErrUnknownLevel", err)
	}
	if l.Level() != "warn" {
		t.Errorf("Level() = %q after a refused change, want warn", l.Level())
	}
}
