// Package reasontest keeps a service's API list of error reasons (its proto's ErrorReason
// enum) equal to the errors the service's packages declare with libs/errs.
package reasontest

import (
	"slices"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Check fails t unless enum (the generated ErrorReason_value map) has a value for every reason
// declared by a package whose import path starts with prefix (or with one of also: shared
// libraries whose errors the service's API answers too), and no other value except
// ERROR_REASON_UNSPECIFIED. The test calling it must import the service's ports package, so
// every declaring package has initialised.
func Check(t testing.TB, enum map[string]int32, prefix string, also ...string) {
	t.Helper()
	declared := map[string]string{}
	for _, d := range errs.Declared() {
		for _, p := range append([]string{prefix}, also...) {
			if strings.HasPrefix(d.Package, p) {
				declared[errs.EnumName(d.Err.Reason())] = d.Package
			}
		}
	}
	if len(declared) == 0 {
		t.Fatalf("no errors declared under %s: is the ports package imported?", prefix)
	}
	for name, pkg := range declared {
		if _, ok := enum[name]; !ok {
			t.Errorf("%s declares reason %s, missing from ErrorReason", pkg, name)
		}
	}
	names := make([]string, 0, len(enum))
	for name := range enum {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := declared[name]; !ok && name != "ERROR_REASON_UNSPECIFIED" {
			t.Errorf("ErrorReason %s matches no error declared under %s", name, prefix)
		}
	}
}
