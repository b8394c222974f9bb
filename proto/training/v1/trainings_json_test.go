package trainingv1_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/protojsonfast"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
)

var texts = []string{"", "first session", `quote " and \ backslash`, "tab\tnew\nline\r\x01\x1f\x7f", "ünïcødé ✓ 😀",
	"<html>&amp;</html>", "\u2028\u2029", "bad \xff utf-8", "3f2a6c1e-8d3b-4c55-9a0e-2b7f9d1c4e5a"}

func timestamp(r *rand.Rand) *timestamppb.Timestamp {
	base := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC).Unix()
	switch r.IntN(6) {
	case 0:
		return nil
	case 1:
		return &timestamppb.Timestamp{Seconds: base, Nanos: int32(r.IntN(1e9))}
	case 2:
		return &timestamppb.Timestamp{Seconds: -62135596800 - 1} // before year 1: refused
	default:
		return timestamppb.New(time.Unix(base+3600*r.Int64N(1000), 0))
	}
}

// The list's MarshalJSON writes what protojson (kratos' codec) writes, or fails where it fails.
func TestTrainingsJSONIsProtojsons(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	text := func() string { return texts[r.IntN(len(texts))] }
	for i := range 2000 {
		l := &trainingv1.ListTrainingsResponse{}
		for range r.IntN(4) {
			l.Trainings = append(l.Trainings, &trainingv1.Training{
				Uuid: text(), UserUuid: text(), UserName: text(), Time: timestamp(r), Notes: text(),
				CanBeCancelled: r.IntN(2) == 0, MoveRequiresAccept: r.IntN(2) == 0, ProposedTime: timestamp(r),
				MoveProposedBy: text(), Pending: r.IntN(2) == 0,
			})
		}
		got, err := l.MarshalJSON()
		same, want, wantErr := protojsonfast.Equal(l, got)
		if (err != nil) != (wantErr != nil) || (err == nil && !same) {
			t.Fatalf("case %d: MarshalJSON = %s, %v\nprotojson  = %s, %v", i, got, err, want, wantErr)
		}
	}
}
