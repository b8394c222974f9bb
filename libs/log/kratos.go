package log

import (
	"fmt"
	"strings"

	klog "github.com/go-kratos/kratos/v2/log"
)

// Kratos' own packages (config, the HTTP and gRPC servers, the discovery resolvers) write
// through one process-wide logger, kratos' global one. Two things make its raw output confusing:
// with several services in one process (tools/local) it can name only one of them, so every
// "server listening" line claimed to be the same service; and until something replaces it, it is
// kratos' default, which prints plain "DEBUG msg=..." text outside the configured format.
//
// The project therefore says the routine things itself, through each service's own logger
// (libs/server logs every server listening and stopping), and installs KratosGlobal in kratos'
// place as early as a process starts (libs/runner, tools/local).

// kratosRoutine are the beginnings of kratos' routine messages that KratosGlobal drops: said by
// libs/server with the service's name, or telling an operator nothing (a config watcher ending
// because its config was closed on purpose; each config source read).
var kratosRoutine = []string{
	"[HTTP] server listening on:",
	"[gRPC] server listening on:",
	"[HTTP] server stopping",
	"[gRPC] server stopping",
	"watcher's ctx cancel",
	"config loaded:",
}

// KratosGlobal wraps l for kratos' global logger: kratos' routine messages are dropped,
// everything else (a config watch failing, a resolver losing its instances) goes to l.
func KratosGlobal(l klog.Logger) klog.Logger { return kratosFilter{next: l} }

// SetKratosGlobal installs KratosGlobal(l) as kratos' process-wide logger. Call it before
// loading configuration: kratos logs from the first config it reads.
func SetKratosGlobal(l klog.Logger) { klog.SetLogger(KratosGlobal(l)) }

type kratosFilter struct{ next klog.Logger }

func (f kratosFilter) Log(level klog.Level, keyvals ...any) error {
	for i := 0; i+1 < len(keyvals); i += 2 {
		if keyvals[i] != klog.DefaultMessageKey {
			continue
		}
		msg := fmt.Sprint(keyvals[i+1])
		for _, routine := range kratosRoutine {
			if strings.HasPrefix(msg, routine) {
				return nil
			}
		}
	}
	return f.next.Log(level, keyvals...)
}
