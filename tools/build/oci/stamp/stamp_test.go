package stamp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/stamp"
)

func TestExpand(t *testing.T) {
	t.Parallel()
	values, err := stamp.Parse(strings.NewReader("BUILD_HOST box\nSTABLE_GIT_COMMIT 0123abc\nSTABLE_VERSION v1.2.3 rc\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, want string
		err      error
	}{
		{in: "plain", want: "plain"},
		{in: "{STABLE_GIT_COMMIT}", want: "0123abc"},
		{in: "v={STABLE_VERSION};r={STABLE_GIT_COMMIT}", want: "v=v1.2.3 rc;r=0123abc"},
		{in: "{lower} stays", want: "{lower} stays"},
		{in: "{STABLE_NOPE}", err: stamp.ErrMissingKey},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := values.Expand(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Expand(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("Expand(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
