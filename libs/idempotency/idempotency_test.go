package idempotency_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/idempotency"
)

var errTaken = errs.Conflict("test-slot-taken", "the slot is taken")

func TestKeyValidate(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]error{
		"":                              idempotency.ErrOperationIDMissing,
		"0c6e-11/2/1-reserve-hour":      nil,
		strings.Repeat("a", 128):        nil,
		strings.Repeat("a", 129):        idempotency.ErrOperationIDInvalid,
		"spaces are not allowed":        idempotency.ErrOperationIDInvalid,
		"quote'":                        idempotency.ErrOperationIDInvalid,
		"t-1/1/0-change-balance\nforge": idempotency.ErrOperationIDInvalid,
	} {
		if got := (idempotency.Key{ID: id}).Validate(); !errors.Is(got, want) {
			t.Errorf("Validate(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestMemoryAnswersEveryRepeatAsTheFirstCall(t *testing.T) {
	t.Parallel()
	m := idempotency.Memory{}
	calls := 0
	apply := func(err error) func() (string, error) {
		return func() (string, error) { calls++; return "r", err }
	}
	k := idempotency.Key{ID: "a", Request: "book:10"}
	for range 3 {
		if got, err := m.Once(k, apply(nil)); got != "r" || err != nil {
			t.Errorf("Once = %q, %v; want r, nil", got, err)
		}
	}
	refused := idempotency.Key{ID: "b", Request: "book:10"}
	for range 2 {
		if _, err := m.Once(refused, apply(errTaken)); !errors.Is(err, errTaken) {
			t.Errorf("Once = %v, want the first refusal %v", err, errTaken)
		}
	}
	if _, err := m.Once(idempotency.Key{ID: "a", Request: "book:11"}, apply(nil)); !errors.Is(err, idempotency.ErrOperationIDReused) {
		t.Errorf("reused id = %v, want %v", err, idempotency.ErrOperationIDReused)
	}
	failing := idempotency.Key{ID: "c", Request: "book:10"}
	if _, err := m.Once(failing, apply(errors.New("disk full"))); err == nil {
		t.Error("a failure vanished")
	}
	if _, err := m.Once(failing, apply(nil)); err != nil {
		t.Errorf("after a failure (not an answer) the change runs again: %v", err)
	}
	if calls != 4 {
		t.Errorf("apply ran %d times, want 4 (once per id, plus the failed try)", calls)
	}
}
