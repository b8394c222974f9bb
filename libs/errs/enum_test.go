package errs_test

import (
	"testing"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

func TestEnumNameAndReasonAreInverse(t *testing.T) {
	// structpb.NullValue is an enum every build has: NULL_VALUE <-> "null-value".
	v := structpb.NullValue_NULL_VALUE
	if got := errs.EnumReason(v); got != "null-value" {
		t.Fatalf("EnumReason(NULL_VALUE) = %q", got)
	}
	if got := errs.EnumName("null-value"); got != "NULL_VALUE" {
		t.Fatalf("EnumName(null-value) = %q", got)
	}
	if got := errs.EnumName(errs.EnumReason(v)); got != v.String() {
		t.Fatalf("round trip = %q, want %q", got, v.String())
	}
}
