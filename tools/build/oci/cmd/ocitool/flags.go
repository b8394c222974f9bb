package main

import (
	"fmt"
	"strings"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/stamp"
)

var errBadKeyValue = errs.Invalid("bad-key-value", "expected KEY=value")

// repeated collects a flag given several times, in order.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// expandAll fills placeholders in every value.
func expandAll(values stamp.Values, in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, s := range in {
		e, err := values.Expand(s)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// keyValues turns KEY=value flags into a map, expanding placeholders in the values.
func keyValues(values stamp.Values, in []string) (map[string]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, kv := range in {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%w: got %q", errBadKeyValue, kv)
		}
		e, err := values.Expand(v)
		if err != nil {
			return nil, err
		}
		out[k] = e
	}
	return out, nil
}
