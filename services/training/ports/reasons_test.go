package ports_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
)

// sourceDirs are the training service's packages (relative to this folder) whose declared
// errors carry the service's reasons. Under Bazel their sources are this test's data.
var sourceDirs = []string{
	"../domain/training", "../app/command", "../app/query", "../adapters", "../service", ".",
}

// reasonArg is, per libs/errs constructor, the position of the reason among its arguments.
var reasonArg = map[string]int{
	"New": 1, "Invalid": 0, "NotFound": 0, "Conflict": 0, "Forbidden": 0, "Unauthenticated": 0,
}

// declaredReasons parses the sources rather than listing the errors by hand, so a new error
// in any of these packages fails this test until the proto names it.
func declaredReasons(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	for _, dir := range sourceDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			for _, r := range reasonsDeclaredIn(t, file) {
				found[r] = file
			}
		}
	}
	return found
}

func reasonsDeclaredIn(t *testing.T, file string) []string {
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
		fn, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, isIdent := fn.X.(*ast.Ident)
		at, isConstructor := reasonArg[fn.Sel.Name]
		if !isIdent || pkg.Name != "errs" || !isConstructor || len(call.Args) <= at {
			return true
		}
		lit, ok := call.Args[at].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("%s: errs.%s with a reason that is not a string literal", file, fn.Sel.Name)
			return true
		}
		r, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		reasons = append(reasons, r)
		return true
	})
	return reasons
}

// valueName is the ErrorReason value of a reason, as training.proto documents it.
func valueName(reason string) string {
	return strings.ToUpper(strings.ReplaceAll(reason, "-", "_"))
}

func TestErrorReasonEnumIsExactlyTheDeclaredReasons(t *testing.T) {
	t.Parallel()
	declared := declaredReasons(t)
	// One reason per layer: a parser that finds nothing would pass with any enum.
	for _, r := range []string{"note-too-long", "hour-not-available", "users-only", "trainer-unavailable", "database-driver-unknown"} {
		if _, ok := declared[r]; !ok {
			t.Fatalf("%q not found in the sources: the parser misses declarations", r)
		}
	}
	for r, file := range declared {
		if _, ok := trainingv1.ErrorReason_value[valueName(r)]; !ok {
			t.Errorf("%s declares %q, but ErrorReason in training.proto has no %s", file, r, valueName(r))
		}
	}
	names := make([]string, 0, len(trainingv1.ErrorReason_value))
	for name := range trainingv1.ErrorReason_value {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == trainingv1.ErrorReason_ERROR_REASON_UNSPECIFIED.String() {
			continue
		}
		if r := strings.ToLower(strings.ReplaceAll(name, "_", "-")); declared[r] == "" {
			t.Errorf("ErrorReason %s names %q, which no training package declares", name, r)
		}
	}
}
