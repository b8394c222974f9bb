// Package stamp fills {KEY} placeholders (the syntax of rules_go's x_defs) from Bazel's
// workspace status files, so image labels and push tags can carry the version and the git
// revision while builds stay reproducible for an unchanged revision.
package stamp

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// ErrMissingKey names a placeholder that no status file provides.
var ErrMissingKey = errs.Invalid("stamp-key-missing",
	"a {KEY} placeholder has no value in the workspace status: is build --workspace_status_command=tools/build/oci/workspace_status.sh set (see .bazelrc)?")

// Values maps workspace status keys to values.
type Values map[string]string

var placeholder = regexp.MustCompile(`\{([A-Z][A-Z0-9_]*)\}`)

// Parse reads the "KEY value" lines Bazel writes to stable-status.txt and volatile-status.txt.
func Parse(r io.Reader) (Values, error) {
	v := Values{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), " ")
		if key != "" {
			v[key] = value
		}
	}
	return v, sc.Err()
}

// ReadFiles merges the status files, later files winning; no files gives no values.
func ReadFiles(paths ...string) (Values, error) {
	all := Values{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		v, err := Parse(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		for k, val := range v {
			all[k] = val
		}
	}
	return all, nil
}

// Expand replaces every {KEY} in s; a key without a value is an error rather than an empty
// string, because an image labelled with "" as its revision is worse than a failed build.
func (v Values) Expand(s string) (string, error) {
	var missing string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		key := m[1 : len(m)-1]
		val, ok := v[key]
		if !ok && missing == "" {
			missing = key
		}
		return val
	})
	if missing != "" {
		return "", fmt.Errorf("%w: {%s} in %q", ErrMissingKey, missing, s)
	}
	return out, nil
}
