package log

import (
	"io"

	"go.uber.org/zap/zapcore"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// The environments a service runs in; they pick the encoding.
const (
	EnvProduction  = "production"
	EnvDevelopment = "development"
)

// Options configure a Logger. The zero value is a production JSON logger at info level on stderr.
type Options struct {
	// Service and Version are stamped on every entry so logs of many services can be told apart.
	Service string
	Version string
	// Env is EnvProduction (JSON, the default) or EnvDevelopment (coloured console lines).
	Env string
	// Level is "debug", "info" (default), "warn" or "error".
	Level string
	// Output receives the encoded entries; stderr when nil.
	Output io.Writer
	// Core replaces the encoder and Output entirely (tests use zap's observer; a service may
	// tee to a file). Env still decides nothing then, Level still filters.
	Core zapcore.Core
}

// Errors for options a service cannot start with.
var (
	ErrUnknownEnv   = errs.Invalid("log-unknown-env", "log env must be production or development")
	ErrUnknownLevel = errs.Invalid("log-unknown-level", "log level must be debug, info, warn or error")
)

func parseLevel(level string) (zapcore.Level, error) {
	switch level {
	case "", "info":
		return zapcore.InfoLevel, nil
	case "debug":
		return zapcore.DebugLevel, nil
	case "warn":
		return zapcore.WarnLevel, nil
	case "error":
		return zapcore.ErrorLevel, nil
	}
	return 0, ErrUnknownLevel
}

func (o Options) encoder() (zapcore.Encoder, error) {
	switch o.Env {
	case "", EnvProduction:
		cfg := zapcore.EncoderConfig{
			TimeKey: "ts", LevelKey: "level", NameKey: "logger", CallerKey: "caller",
			MessageKey: "msg", StacktraceKey: "stack", LineEnding: zapcore.DefaultLineEnding,
			EncodeLevel: zapcore.LowercaseLevelEncoder, EncodeTime: zapcore.ISO8601TimeEncoder,
			EncodeDuration: zapcore.MillisDurationEncoder, EncodeCaller: zapcore.ShortCallerEncoder,
		}
		return zapcore.NewJSONEncoder(cfg), nil
	case EnvDevelopment:
		cfg := zapcore.EncoderConfig{
			TimeKey: "T", LevelKey: "L", NameKey: "N", CallerKey: "C", MessageKey: "M",
			StacktraceKey: "S", LineEnding: zapcore.DefaultLineEnding,
			EncodeLevel: zapcore.CapitalColorLevelEncoder, EncodeTime: zapcore.ISO8601TimeEncoder,
			EncodeDuration: zapcore.StringDurationEncoder, EncodeCaller: zapcore.ShortCallerEncoder,
		}
		return zapcore.NewConsoleEncoder(cfg), nil
	}
	return nil, ErrUnknownEnv
}
