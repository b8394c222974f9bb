package decorator

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Field is one id a command or query acts on, as its log line and span show it.
type Field struct {
	Key, Value string
}

// A command or query names the ids it acts on with a `log:"key"` tag on the fields that hold
// them (a training's uuid, the user, the hour):
//
//	type CancelTraining struct {
//		TrainingUUID string        `log:"training"`
//		User         training.User `log:"user"`
//	}
//
// Only tagged fields are written, so names, notes and tokens stay out of the logs unless a
// field is tagged on purpose; untagged struct fields are searched for tags too (an Actor with a
// tagged UUID). A tagged value is written as: a string as is; a time.Time in RFC 3339 (UTC);
// a []time.Time as its first maxListed times and how many there are; a value with a
// UUID() string or ID() string method (an entity with private fields) as that id; a number in
// decimal; anything else with fmt.Stringer or not at all.
const tagName = "log"

// maxListed bounds a list written into a log line (a trainer may open 168 hours at once).
const maxListed = 3

// fieldPath is how to reach one tagged field from the command's value.
type fieldPath struct {
	key   string
	index []int
}

var pathsByType sync.Map // reflect.Type -> []fieldPath

// Fields are the tagged ids of v (a command or query), in the order of its fields.
func Fields(v any) []Field {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	paths := pathsOf(rv.Type())
	if len(paths) == 0 {
		return nil
	}
	out := make([]Field, 0, len(paths))
	for _, p := range paths {
		f, err := rv.FieldByIndexErr(p.index)
		if err != nil {
			continue // a nil embedded pointer on the way
		}
		if s, ok := format(f); ok {
			out = append(out, Field{Key: p.key, Value: s})
		}
	}
	return out
}

func pathsOf(t reflect.Type) []fieldPath {
	if cached, ok := pathsByType.Load(t); ok {
		return cached.([]fieldPath)
	}
	var paths []fieldPath
	collect(t, nil, &paths, 0)
	pathsByType.Store(t, paths)
	return paths
}

var timeType = reflect.TypeOf(time.Time{})

func collect(t reflect.Type, prefix []int, paths *[]fieldPath, depth int) {
	if depth > 3 { // commands are shallow; this only guards against odd recursive types
		return
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		if key, ok := sf.Tag.Lookup(tagName); ok && key != "" && key != "-" {
			*paths = append(*paths, fieldPath{key: key, index: index})
			continue
		}
		if sf.Type.Kind() == reflect.Struct && sf.Type != timeType {
			collect(sf.Type, index, paths, depth+1)
		}
	}
}

type (
	uuider interface{ UUID() string }
	ider   interface{ ID() string }
)

func format(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case time.Time:
			if x.IsZero() {
				return "", false
			}
			return x.UTC().Format(time.RFC3339), true
		case []time.Time:
			return formatTimes(x), len(x) > 0
		case uuider:
			return x.UUID(), true
		case ider:
			return x.ID(), true
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), v.Len() > 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	}
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return s.String(), true
		}
	}
	return "", false
}

func formatTimes(ts []time.Time) string {
	var b strings.Builder
	for i, t := range ts {
		if i == maxListed {
			fmt.Fprintf(&b, " (%d in all)", len(ts))
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.UTC().Format(time.RFC3339))
	}
	return b.String()
}
