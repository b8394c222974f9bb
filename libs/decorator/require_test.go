package decorator_test

import (
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

type repository interface{ Get() }

type memory struct{}

func (*memory) Get() {}

func TestRequirePanicsOnEachKindOfNil(t *testing.T) {
	var typedNil *memory
	var nilFunc func()
	cases := map[string][]any{
		"untyped nil":            {nil},
		"typed nil in interface": {repository(typedNil)},
		"nil func":               {&memory{}, nilFunc},
	}
	for name, deps := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "ScheduleTraining: dependency ") {
					t.Fatalf("panic = %q, want one naming the handler", msg)
				}
			}()
			decorator.Require("ScheduleTraining", deps...)
		})
	}
}

func TestRequireAcceptsPresentDependencies(t *testing.T) {
	decorator.Require("Calendar", &memory{}, func() {}, 0, "")
}
