package trainerv1_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/protojsonfast"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
)

// timestamps protojson writes in each of its shapes, plus ones it refuses.
func timestamp(r *rand.Rand) *timestamppb.Timestamp {
	base := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC).Unix()
	switch r.IntN(8) {
	case 0:
		return nil
	case 1:
		return &timestamppb.Timestamp{Seconds: base, Nanos: int32(r.IntN(1000)) * 1e6}
	case 2:
		return &timestamppb.Timestamp{Seconds: base, Nanos: int32(r.IntN(1e6)) * 1e3}
	case 3:
		return &timestamppb.Timestamp{Seconds: base - r.Int64N(1e10), Nanos: int32(r.IntN(1e9))}
	case 4:
		return &timestamppb.Timestamp{Seconds: 253402300800 + r.Int64N(10)} // after 9999: refused
	case 5:
		return &timestamppb.Timestamp{Seconds: base, Nanos: -1}
	default:
		return timestamppb.New(time.Unix(base+3600*r.Int64N(1000), 0))
	}
}

// The calendar's MarshalJSON writes what protojson (kratos' codec) writes, or fails where it fails.
func TestCalendarJSONIsProtojsons(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		c := &trainerv1.Calendar{}
		for range r.IntN(4) {
			d := &trainerv1.Day{Date: timestamp(r), HasFreeHours: r.IntN(2) == 0}
			for range r.IntN(5) {
				d.Hours = append(d.Hours, &trainerv1.Hour{Time: timestamp(r), Availability: trainerv1.Availability(r.IntN(6))})
			}
			c.Days = append(c.Days, d)
		}
		check(t, i, c)
	}
	check(t, -1, &trainerv1.Calendar{})
	check(t, -2, (*trainerv1.Calendar)(nil))
}

func check(t *testing.T, i int, c *trainerv1.Calendar) {
	t.Helper()
	got, err := c.MarshalJSON()
	same, want, wantErr := protojsonfast.Equal(c, got)
	if (err != nil) != (wantErr != nil) || (err == nil && !same) {
		t.Fatalf("case %d: MarshalJSON = %s, %v\nprotojson  = %s, %v", i, got, err, want, wantErr)
	}
}
