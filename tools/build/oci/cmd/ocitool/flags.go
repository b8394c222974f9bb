package main

import (
	"flag"
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

// stampedFlags is the flag set of a command whose values may hold {STAMP_KEY} placeholders:
// it adds the repeated -stamp-file flag, and parse reads those files and fills the
// placeholders of every list made with expandedList.
type stampedFlags struct {
	*flag.FlagSet
	stampFiles repeated
	values     stamp.Values
	lists      []*repeated
}

func newStampedFlags(name string) *stampedFlags {
	f := &stampedFlags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.Var(&f.stampFiles, "stamp-file", "Bazel workspace status file (repeat)")
	return f
}

// expandedList is a repeated flag whose values parse expands.
func (f *stampedFlags) expandedList(name, usage string) *repeated {
	l := &repeated{}
	f.Var(l, name, usage)
	f.lists = append(f.lists, l)
	return l
}

func (f *stampedFlags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		return err
	}
	values, err := stamp.ReadFiles(f.stampFiles...)
	if err != nil {
		return err
	}
	f.values = values
	for _, l := range f.lists {
		for i, s := range *l {
			if (*l)[i], err = values.Expand(s); err != nil {
				return err
			}
		}
	}
	return nil
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
