package errs_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

var errHourTaken = errs.Conflict("hour-not-available", "the hour is not available")

func TestKindsMapToTransportStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    *errs.Error
		status int
		kind   string
	}{
		{errs.Invalid("note-too-long", "m"), http.StatusBadRequest, "invalid"},
		{errs.Unauthenticated("token-expired", "m"), http.StatusUnauthorized, "unauthenticated"},
		{errs.Forbidden("not-your-training", "m"), http.StatusForbidden, "forbidden"},
		{errs.NotFound("training-not-found", "m"), http.StatusNotFound, "not-found"},
		{errs.Conflict("hour-not-available", "m"), http.StatusConflict, "conflict"},
		{errs.Unavailable("trainer-unavailable", "m"), http.StatusServiceUnavailable, "unavailable"},
		{errs.New(errs.KindInternal, "storage-failed", "m"), http.StatusInternalServerError, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.err.Reason(), func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Kind().HTTPStatus(); got != tt.status {
				t.Errorf("HTTPStatus() = %d, want %d", got, tt.status)
			}
			if got := tt.err.Kind().String(); got != tt.kind {
				t.Errorf("String() = %q, want %q", got, tt.kind)
			}
		})
	}
}

func TestWrappedErrorKeepsIdentityKindAndReason(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("schedule training: %w", errHourTaken)

	if !errors.Is(wrapped, errHourTaken) {
		t.Fatal("errors.Is lost the declared error through wrapping")
	}
	if got := errs.ReasonOf(wrapped); got != "hour-not-available" {
		t.Errorf("ReasonOf = %q", got)
	}
	if got := errs.KindOf(wrapped); got != errs.KindConflict {
		t.Errorf("KindOf = %v", got)
	}
	if got := wrapped.Error(); got != "schedule training: the hour is not available" {
		t.Errorf("Error() = %q", got)
	}
}

func TestPlainErrorsAreInternal(t *testing.T) {
	t.Parallel()
	plain := errors.New("disk on fire")
	if _, ok := errs.As(plain); ok {
		t.Fatal("As found a domain error in a plain error")
	}
	if errs.KindOf(plain) != errs.KindInternal || errs.ReasonOf(plain) != "internal" {
		t.Errorf("got kind %v reason %q, want internal", errs.KindOf(plain), errs.ReasonOf(plain))
	}
	if errs.KindOf(nil) != errs.KindInternal {
		t.Error("KindOf(nil) should be internal")
	}
}

func TestNewRejectsReasonsThatAreNotSlugs(t *testing.T) {
	t.Parallel()
	for _, reason := range []string{"", "Note", "note_too_long", "-note", "note-", "note--long", "note long"} {
		t.Run(reason, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%q) did not panic", reason)
				}
			}()
			errs.New(errs.KindInvalid, reason, "m")
		})
	}
}
