// Package log puts zap behind kratos' log.Logger, so kratos' middleware, servers and the
// services' own code write through one zap core, and libs/decorator can take the *zap.Logger.
//
// One Logger is built per service in its composition root and passed down explicitly.
package log

import (
	"fmt"
	"os"

	klog "github.com/go-kratos/kratos/v2/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Logger is a kratos log.Logger writing through zap.
type Logger struct {
	zap *zap.Logger
	// level is shared by every entry point (kratos Log, Zap()) so SetLevel takes effect at once
	// for all of them, while the service runs.
	level zap.AtomicLevel
}

var _ klog.Logger = (*Logger)(nil)

// New builds the logger described by o.
func New(o Options) (*Logger, error) {
	initial, err := parseLevel(o.Level)
	if err != nil {
		return nil, err
	}
	level := zap.NewAtomicLevelAt(initial)
	core := o.Core
	if core == nil {
		enc, err := o.encoder()
		if err != nil {
			return nil, err
		}
		out := o.Output
		if out == nil {
			out = os.Stderr
		}
		core = zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(out)), level)
	} else {
		core, err = zapcore.NewIncreaseLevelCore(core, level)
		if err != nil {
			return nil, err
		}
	}
	var fields []zap.Field
	if o.Service != "" {
		fields = append(fields, zap.String("service.name", o.Service))
	}
	if o.Version != "" {
		fields = append(fields, zap.String("service.version", o.Version))
	}
	z := zap.New(core, zap.Fields(fields...), zap.WithFatalHook(keepRunning{}))
	return &Logger{zap: z, level: level}, nil
}

// SetLevel changes the level of every entry written from now on ("debug", "info", "warn",
// "error"; empty is info). With Options.Core the core's own level still filters too.
func (l *Logger) SetLevel(level string) error {
	parsed, err := parseLevel(level)
	if err != nil {
		return err
	}
	l.level.SetLevel(parsed)
	return nil
}

// Level is the current level's name.
func (l *Logger) Level() string { return l.level.Level().String() }

// Zap is the underlying logger, for code that logs through zap directly (libs/decorator).
func (l *Logger) Zap() *zap.Logger { return l.zap }

// Sync flushes buffered entries; call it from the service's cleanup.
func (l *Logger) Sync() error { return l.zap.Sync() }

// Log implements kratos' log.Logger: the message key becomes zap's message, the other pairs
// become fields, and a dangling key is kept rather than dropped so the mistake shows in the log.
func (l *Logger) Log(level klog.Level, keyvals ...any) error {
	if ce := l.zap.Check(zapLevel(level), ""); ce != nil {
		msg, fields := toFields(keyvals)
		ce.Message = msg
		ce.Write(fields...)
	}
	return nil
}

func toFields(keyvals []any) (string, []zap.Field) {
	var msg string
	fields := make([]zap.Field, 0, len(keyvals)/2+1)
	for i := 0; i < len(keyvals); i += 2 {
		key := fmt.Sprint(keyvals[i])
		if i+1 == len(keyvals) {
			fields = append(fields, zap.Any("!BADKEY", keyvals[i]))
			break
		}
		if key == klog.DefaultMessageKey {
			msg = fmt.Sprint(keyvals[i+1])
			continue
		}
		fields = append(fields, zap.Any(key, keyvals[i+1]))
	}
	return msg, fields
}

func zapLevel(l klog.Level) zapcore.Level {
	switch l {
	case klog.LevelDebug:
		return zapcore.DebugLevel
	case klog.LevelWarn:
		return zapcore.WarnLevel
	case klog.LevelError:
		return zapcore.ErrorLevel
	case klog.LevelFatal:
		return zapcore.FatalLevel
	default:
		return zapcore.InfoLevel
	}
}

// keepRunning stops zap from exiting on fatal entries: kratos' log.Helper.Fatal exits itself,
// and a plain Log(LevelFatal, ...) call must not end the process behind the caller's back.
type keepRunning struct{}

func (keepRunning) OnWrite(*zapcore.CheckedEntry, []zapcore.Field) {}
