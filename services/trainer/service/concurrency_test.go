package service_test

import (
	"context"
	"sync"
	"testing"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"google.golang.org/protobuf/types/known/timestamppb"

	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
)

// Many training-service calls race for one hour over real gRPC connections: exactly one books
// it, every other one is told the hour is not available.
func TestConcurrentBookingsOfOneHourSucceedOnce(t *testing.T) {
	t.Parallel()
	const callers = 8
	for name, db := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := start(t, db(t))
			if _, err := f.httpAs(t, trainer).MakeHoursAvailable(ctx, &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{tomorrowAt(15)}}); err != nil {
				t.Fatal(err)
			}
			clients := make([]trainerv1.TrainerServiceClient, callers)
			for i := range clients {
				clients[i] = f.grpcAsService(t)
			}
			errs := make([]error, callers)
			var wg sync.WaitGroup
			for i, c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = c.ScheduleTraining(ctx, withOperation(&trainerv1.HourRequest{Time: tomorrowAt(15)}))
				}()
			}
			wg.Wait()
			booked := 0
			for _, err := range errs {
				switch e := kerrors.FromError(err); {
				case err == nil:
					booked++
				case e.Code != 409 || e.Reason != "hour-not-available":
					t.Errorf("a losing call got %v, want 409 hour-not-available", err)
				}
			}
			if booked != 1 {
				t.Errorf("%d of %d concurrent bookings succeeded, want exactly 1", booked, callers)
			}
		})
	}
}
