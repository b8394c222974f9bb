package ports_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
)

// declaringPackages are the folders (relative to this one) whose errors reach the trainer's
// clients or logs with the trainer's own reasons. Under Bazel their sources are the test's data.
var declaringPackages = []string{"../domain/hour", "../app/command", "../app/query", "."}

// errsConstructors are the libs/errs functions that declare an error, and the index of the
// reason among their arguments.
var errsConstructors = map[string]int{
	"New": 1, "Invalid": 0, "NotFound": 0, "Conflict": 0, "Forbidden": 0, "Unauthenticated": 0,
}

// declaredReasons reads the reasons from the source, so that a new error anywhere in these
// packages is seen without anyone remembering to list it.
func declaredReasons(t *testing.T) map[string]string {
	t.Helper()
	reasons := map[string]string{}
	for _, dir := range declaringPackages {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			for _, r := range reasonsIn(t, file) {
				reasons[r] = file
			}
		}
	}
	return reasons
}

func reasonsIn(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		at, known := errsConstructors[sel.Sel.Name]
		if !ok || pkg.Name != "errs" || !known {
			return true
		}
		lit, ok := call.Args[at].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("%s: errs.%s with a reason that is not a string literal", file, sel.Sel.Name)
			return true
		}
		reason, _ := strconv.Unquote(lit.Value)
		reasons = append(reasons, reason)
		return true
	})
	return reasons
}

// enumName is the ErrorReason value a reason must have, as trainer.proto documents.
func enumName(reason string) string {
	return strings.ToUpper(strings.ReplaceAll(reason, "-", "_"))
}

func TestErrorReasonEnumListsExactlyTheDeclaredReasons(t *testing.T) {
	t.Parallel()
	declared := declaredReasons(t)
	// A parser that finds nothing would make the test pass for any enum.
	for _, known := range []string{"hour-not-available", "trainer-only", "date-range-reversed", "service-only"} {
		if _, ok := declared[known]; !ok {
			t.Fatalf("reason %q not found in the sources; the parser misses declarations", known)
		}
	}
	for reason, file := range declared {
		if _, ok := trainerv1.ErrorReason_value[enumName(reason)]; !ok {
			t.Errorf("%s declares %q but trainer.proto's ErrorReason has no %s", file, reason, enumName(reason))
		}
	}
	names := make([]string, 0, len(trainerv1.ErrorReason_value))
	for name := range trainerv1.ErrorReason_value {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == trainerv1.ErrorReason_ERROR_REASON_UNSPECIFIED.String() {
			continue
		}
		reason := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		if _, ok := declared[reason]; !ok {
			t.Errorf("ErrorReason %s names %q, which no trainer package declares", name, reason)
		}
	}
}
