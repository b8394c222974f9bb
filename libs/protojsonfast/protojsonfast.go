// Package protojsonfast writes the JSON that kratos' HTTP codec writes for a message
// (protojson with EmitUnpopulated: every field, lowerCamel names, timestamps as RFC 3339 in
// UTC), without protojson's reflection, for the few answers where that reflection dominates.
// Under a calendar load protojson was about 40% of the trainer's CPU for an HTTP calendar
// (its timestamp formatting alone 4% of the process); a message type opts in with a
// MarshalJSON method (kratos' codec prefers json.Marshaler) built from these helpers. Each
// helper reports false for a value protojson would write differently or refuse (an invalid
// timestamp, a string that is not UTF-8): the method then falls back to protojson, which
// answers as before. A test per message type compares the two on many values (Equal).
package protojsonfast

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Options are kratos' HTTP codec's: what the fast path must match and falls back to.
var Options = protojson.MarshalOptions{EmitUnpopulated: true}

// Fallback writes m as kratos' codec does.
func Fallback(m proto.Message) ([]byte, error) { return Options.Marshal(m) }

// Marshal is the MarshalJSON of a message with a fast path: appendJSON writes m into a buffer
// of sizeHint bytes; a nil m, or one appendJSON cannot write exactly (it reports false), is
// written by Fallback.
func Marshal(m proto.Message, sizeHint int, appendJSON func([]byte) ([]byte, bool)) ([]byte, error) {
	if m.ProtoReflect().IsValid() {
		if b, ok := appendJSON(make([]byte, 0, sizeHint)); ok {
			return b, nil
		}
	}
	return Fallback(m)
}

// AppendTimestamp appends ts as protojson does: null when nil, else "YYYY-MM-DDThh:mm:ss[.fff|.ffffff|.fffffffff]Z".
// It reports false for a timestamp protojson refuses (out of range, bad nanos).
func AppendTimestamp(b []byte, ts *timestamppb.Timestamp) ([]byte, bool) {
	if ts == nil {
		return append(b, "null"...), true
	}
	if ts.CheckValid() != nil {
		return b, false
	}
	t := time.Unix(ts.GetSeconds(), 0).UTC()
	b = append(b, '"')
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	if n := ts.GetNanos(); n != 0 {
		digits := 9
		switch {
		case n%1e6 == 0:
			n, digits = n/1e6, 3
		case n%1e3 == 0:
			n, digits = n/1e3, 6
		}
		b = append(b, '.')
		s := strconv.Itoa(int(n))
		for range digits - len(s) {
			b = append(b, '0')
		}
		b = append(b, s...)
	}
	return append(b, 'Z', '"'), true
}

// AppendString appends s as a JSON string; false when s is not valid UTF-8 (protojson refuses it).
func AppendString(b []byte, s string) ([]byte, bool) {
	if !utf8.ValidString(s) {
		return b, false
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"'), true
}

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

// AppendEnum appends an enum value as protojson does: its name, or its number when it has none.
func AppendEnum(b []byte, name string, number int32) []byte {
	if name == "" {
		return strconv.AppendInt(b, int64(number), 10)
	}
	return append(append(append(b, '"'), name...), '"')
}

// Equal reports whether fast and protojson's output for m decode to the same JSON value (it
// ignores whitespace, which protojson varies on purpose); for the message types' tests.
func Equal(m proto.Message, fast []byte) (bool, []byte, error) {
	want, err := Fallback(m)
	if err != nil {
		return false, want, err
	}
	var a, b any
	if err := json.Unmarshal(fast, &a); err != nil {
		return false, want, err
	}
	if err := json.Unmarshal(want, &b); err != nil {
		return false, want, err
	}
	return reflect.DeepEqual(a, b) && !bytes.Contains(fast, []byte("\n")), want, nil
}
