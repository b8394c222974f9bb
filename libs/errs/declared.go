package errs

import (
	"runtime"
	"strings"
	"sync"
)

// Declaration is an error and the package that declared it.
type Declaration struct {
	Err     *Error
	Package string // import path, e.g. github.com/kratos-monorepo/monorepo/services/trainer/domain/hour
}

var (
	declaredMu sync.Mutex
	declared   []Declaration
)

// declare remembers e with the package of New's caller's caller (the constructor used, Invalid
// or New itself, sits between them).
func declare(e *Error) {
	self, _, _, _ := runtime.Caller(0)
	thisPackage := packageOf(runtime.FuncForPC(self).Name())
	pkg := ""
	for skip := 2; skip < 5; skip++ {
		pc, _, _, ok := runtime.Caller(skip)
		if !ok {
			break
		}
		if p := packageOf(runtime.FuncForPC(pc).Name()); p != thisPackage {
			pkg = p
			break
		}
	}
	declaredMu.Lock()
	declared = append(declared, Declaration{Err: e, Package: pkg})
	declaredMu.Unlock()
}

// Declared lists every error declared so far, in order. Package-level errors are declared
// when their package initialises, so a test sees those of every package it imports; a service
// uses it to check that its API's list of reasons is complete.
func Declared() []Declaration {
	declaredMu.Lock()
	defer declaredMu.Unlock()
	return append([]Declaration(nil), declared...)
}

// packageOf cuts a function's full name ("path/to/pkg.Func", "path/to/pkg.(*T).M",
// "path/to/pkg.init") down to the package's import path.
func packageOf(funcName string) string {
	slash := strings.LastIndex(funcName, "/")
	if dot := strings.Index(funcName[slash+1:], "."); dot >= 0 {
		return funcName[:slash+1+dot]
	}
	return funcName
}

// ByReason finds the declared error with reason, for answers stored by reason and given again
// later (an idempotent operation's recorded refusal). When several packages declare one reason,
// the first declared wins.
func ByReason(reason string) (*Error, bool) {
	declaredMu.Lock()
	defer declaredMu.Unlock()
	for _, d := range declared {
		if d.Err.reason == reason {
			return d.Err, true
		}
	}
	return nil, false
}
