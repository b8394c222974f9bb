package decorator

import (
	"fmt"
	"reflect"
)

// Require stops start-up when a handler's dependency is missing: a nil one would only fail on
// the first request, far from the wiring mistake. Every handler constructor calls it with its
// dependencies before wrapping itself; handler names the handler in the panic.
func Require(handler string, deps ...any) {
	for i, d := range deps {
		if isNil(d) {
			panic(fmt.Sprintf("%s: dependency %d of %d is nil", handler, i+1, len(deps)))
		}
	}
}

// isNil also catches a typed nil pointer or func inside a non-nil interface.
func isNil(d any) bool {
	if d == nil {
		return true
	}
	switch v := reflect.ValueOf(d); v.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Chan, reflect.Slice, reflect.Interface:
		return v.IsNil()
	}
	return false
}
