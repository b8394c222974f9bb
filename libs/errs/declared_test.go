package errs_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/errs"
)

func TestDeclaredNamesTheDeclaringPackage(t *testing.T) {
	t.Parallel()
	for _, d := range errs.Declared() {
		if d.Err == auth.ErrMissingToken {
			if d.Package != "github.com/kratos-monorepo/monorepo/libs/auth" {
				t.Errorf("package of %s = %q", d.Err.Reason(), d.Package)
			}
			return
		}
	}
	t.Error("auth.ErrMissingToken, declared at package level, is not in Declared()")
}
