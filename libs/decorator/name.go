package decorator

import (
	"reflect"
	"strings"
)

// HandlerName is the name of v's type without package path, pointer or type arguments
// ("ScheduleTraining" for a command.ScheduleTraining or *command.ScheduleTraining): it names
// the handler in logs and metrics, so it must stay short and stable.
func HandlerName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "unknown"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if name == "" {
		// Unnamed types (struct literals, slices) have no useful name; their shape is the best hint.
		return t.String()
	}
	return name
}
