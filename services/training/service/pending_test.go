package service_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// While the trainer service cannot be reached, a booking over HTTP answers pending (not an
// error), the list shows it pending, and other changes of it are refused; once the trainer is
// back, the service's own worker completes the booking without another request.
func TestABookingWhileTheTrainerIsDownIsPendingThenCompletedByTheWorker(t *testing.T) {
	t.Parallel()
	started := time.Now()
	ops := &service.Operations{
		Wait: durationpb.New(200 * time.Millisecond), Poll: durationpb.New(20 * time.Millisecond),
		RetryMin: durationpb.New(10 * time.Millisecond), RetryMax: durationpb.New(50 * time.Millisecond),
	}
	f := newServiceWith(t, &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(t.TempDir(), "training.db")},
		ops, func() time.Time { return now.Add(time.Since(started)) })
	f.addrs = servicetest.Start(t, f.svc.Base, f.svc.Kratos())
	f.calendar.Fail(errors.New("trainer service unreachable"))
	asAda := f.http(t, ada)
	ctx := context.Background()

	booked := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1))})).get(t)
	if !booked.GetPending() {
		t.Fatalf("booking while the trainer is down = %v, want pending", booked)
	}
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[booked.GetUuid()]; !got.GetPending() {
		t.Errorf("listed = %v, want it pending", got)
	}
	_, err := asAda.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: booked.GetUuid()})
	wantError(t, err, 409, "change-in-progress")
	// What an operator sees: `training -run operations` lists it, with its attempts and cause.
	var listed bytes.Buffer
	if err := f.svc.Commands()["operations"](ctx, &listed); err != nil {
		t.Fatal(err)
	}
	if out := listed.String(); !strings.Contains(out, `"TrainingUUID":"`+booked.GetUuid()+`"`) ||
		!strings.Contains(out, "trainer service unreachable") {
		t.Errorf("unfinished operations = %s, want the booking with its last error", out)
	}

	f.calendar.Fail(nil)
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := list(t, check(asAda.ListTrainings(ctx, all)))[booked.GetUuid()]
		if got != nil && !got.GetPending() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker did not complete the booking: %v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := f.balances.Balance(ada.UUID); got != startBalance-1 {
		t.Errorf("balance = %d, want %d (one credit, once)", got, startBalance-1)
	}
}
