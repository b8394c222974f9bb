package decorator_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
)

type generic[T any] struct{ v T }

func TestHandlerName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   any
		want string
	}{
		{ScheduleTraining{}, "ScheduleTraining"},
		{&ScheduleTraining{}, "ScheduleTraining"},
		{generic[int]{}, "generic"},
		{nil, "unknown"},
		{struct{ A int }{}, "struct { A int }"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := decorator.HandlerName(tt.in); got != tt.want {
				t.Errorf("HandlerName(%T) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
