package command

import "reflect"

// mustHave stops start-up on a missing dependency: a nil one would only fail on the first
// request, far from the wiring mistake.
func mustHave(deps ...any) {
	for _, d := range deps {
		if isNil(d) {
			panic("command: a handler dependency is nil")
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
