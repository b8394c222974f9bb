package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
)

func ts(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }

func ptr[T any](v T) *T { return &v }

// TestBookingStoryOverHTTP books, lists, moves and cancels trainings the way the web client
// does, checking the trainer's calendar and the balances after each step.
func TestBookingStoryOverHTTP(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asAda, asBob, asTess := f.http(t, ada), f.http(t, bob), f.http(t, tess)

	adas := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1)), Notes: "legs"})).get(t).GetUuid()
	bobs := check(asBob.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(2))})).get(t).GetUuid()
	if f.calendar.State(hour(1)) != apptest.TrainingScheduled || f.balances.Balance(ada.UUID) != startBalance-1 {
		t.Fatalf("after booking: hour %q, balance %d", f.calendar.State(hour(1)), f.balances.Balance(ada.UUID))
	}

	seen := list(t, check(asAda.ListTrainings(ctx, all)))
	got, ok := seen[adas]
	if len(seen) != 1 || !ok {
		t.Fatalf("Ada sees %v, want only her training %s", seen, adas)
	}
	if !got.GetTime().AsTime().Equal(hour(1)) || got.GetNotes() != "legs" || got.GetUserUuid() != ada.UUID ||
		got.GetUserName() != "Ada" || !got.GetCanBeCancelled() || got.GetMoveRequiresAccept() || got.GetProposedTime() != nil {
		t.Errorf("Ada's training = %v", got)
	}
	if seen := list(t, check(asTess.ListTrainings(ctx, all))); len(seen) != 2 || seen[adas] == nil || seen[bobs] == nil {
		t.Errorf("the trainer sees %v, want both trainings", seen)
	}

	// A direct move keeps the notes when none are sent.
	check(asAda.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: adas, Time: ts(hour(3))})).get(t)
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[adas]; !got.GetTime().AsTime().Equal(hour(3)) || got.GetNotes() != "legs" {
		t.Errorf("after the move: %v, want hour 3 with the notes kept", got)
	}
	if f.calendar.State(hour(1)) != apptest.Available || f.calendar.State(hour(3)) != apptest.TrainingScheduled {
		t.Errorf("calendar after the move: hour 1 %q, hour 3 %q", f.calendar.State(hour(1)), f.calendar.State(hour(3)))
	}

	// Ada proposes, the trainer sees the proposal and approves; the proposer cannot.
	check(asAda.RequestReschedule(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: adas, Time: ts(hour(4)), Notes: ptr("")})).get(t)
	proposed := list(t, check(asTess.ListTrainings(ctx, all)))[adas]
	if !proposed.GetProposedTime().AsTime().Equal(hour(4)) || proposed.GetMoveProposedBy() != "attendee" || proposed.GetNotes() != "" {
		t.Errorf("the trainer sees %v, want Ada's proposal of hour 4 and the notes cleared", proposed)
	}
	_, err := asAda.ApproveReschedule(ctx, &trainingv1.RescheduleDecisionRequest{Uuid: adas})
	wantError(t, err, 403, "proposal-by-same-side")
	check(asTess.ApproveReschedule(ctx, &trainingv1.RescheduleDecisionRequest{Uuid: adas})).get(t)
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[adas]; !got.GetTime().AsTime().Equal(hour(4)) || got.GetProposedTime() != nil {
		t.Errorf("after approval: %v, want hour 4 and no proposal", got)
	}
	if f.calendar.State(hour(3)) != apptest.Available || f.calendar.State(hour(4)) != apptest.TrainingScheduled {
		t.Errorf("calendar after approval: hour 3 %q, hour 4 %q", f.calendar.State(hour(3)), f.calendar.State(hour(4)))
	}

	// The trainer proposes, Ada rejects: the training keeps its time.
	check(asTess.RequestReschedule(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: adas, Time: ts(hour(5))})).get(t)
	check(asAda.RejectReschedule(ctx, &trainingv1.RescheduleDecisionRequest{Uuid: adas})).get(t)
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[adas]; !got.GetTime().AsTime().Equal(hour(4)) || got.GetProposedTime() != nil {
		t.Errorf("after rejection: %v, want hour 4 and no proposal", got)
	}
	if f.calendar.State(hour(5)) != apptest.Available {
		t.Errorf("a rejected proposal booked hour 5")
	}

	check(asAda.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: adas})).get(t)
	if seen := list(t, check(asAda.ListTrainings(ctx, all))); len(seen) != 0 {
		t.Errorf("Ada still sees %v after cancelling", seen)
	}
	if f.calendar.State(hour(4)) != apptest.Available || f.balances.Balance(ada.UUID) != startBalance {
		t.Errorf("after cancelling: hour 4 %q, balance %d", f.calendar.State(hour(4)), f.balances.Balance(ada.UUID))
	}
}

// TestBookingOverGRPC drives the same service through the generated gRPC client.
func TestBookingOverGRPC(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asAda, asTess := f.grpc(t, ada), f.grpc(t, tess)

	id := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1)), Notes: "arms"})).get(t).GetUuid()
	if got := list(t, check(asTess.ListTrainings(ctx, all)))[id]; got.GetUserName() != "Ada" || got.GetNotes() != "arms" {
		t.Errorf("the trainer sees %v", got)
	}
	check(asTess.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id, Time: ts(hour(2))})).get(t)
	check(asTess.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: id})).get(t)
	if seen := list(t, check(asAda.ListTrainings(ctx, all))); len(seen) != 0 {
		t.Errorf("Ada still sees %v", seen)
	}
	if f.calendar.State(hour(2)) != apptest.Available || f.balances.Balance(ada.UUID) != startBalance {
		t.Errorf("after the trainer cancelled: hour 2 %q, balance %d", f.calendar.State(hour(2)), f.balances.Balance(ada.UUID))
	}
}

// TestLateCancelAndMoveFollowThe24HourRule: less than 24 h before, a direct move is refused
// (a proposal is the way) and the list says so.
func TestLateMoveNeedsAProposal(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asAda := f.http(t, ada)
	soon := now.Add(5 * time.Hour)
	f.calendar.Set(soon, apptest.Available)

	id := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(soon)})).get(t).GetUuid()
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[id]; got.GetCanBeCancelled() || !got.GetMoveRequiresAccept() {
		t.Errorf("a training in 5 h lists as %v, want can_be_cancelled false, move_requires_accept true", got)
	}
	_, err := asAda.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id, Time: ts(hour(1))})
	wantError(t, err, 409, "reschedule-too-late")
	if f.calendar.State(hour(1)) != apptest.Available {
		t.Errorf("a refused move booked hour 1")
	}
}

// TestAttendeesAreKeptApart: Bob neither sees nor changes Ada's training.
func TestAttendeesAreKeptApart(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asAda, asBob := f.http(t, ada), f.grpc(t, bob)
	id := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1))})).get(t).GetUuid()

	if seen := list(t, check(asBob.ListTrainings(ctx, all))); len(seen) != 0 {
		t.Errorf("Bob sees %v", seen)
	}
	_, err := asBob.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: id})
	wantError(t, err, 403, "not-your-training")
	_, err = asBob.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id, Time: ts(hour(2))})
	wantError(t, err, 403, "not-your-training")
	_, err = asBob.RequestReschedule(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id, Time: ts(hour(2))})
	wantError(t, err, 403, "not-your-training")
	if got := list(t, check(asAda.ListTrainings(ctx, all)))[id]; !got.GetTime().AsTime().Equal(hour(1)) || got.GetProposedTime() != nil {
		t.Errorf("Ada's training after Bob's attempts: %v", got)
	}
	if f.calendar.State(hour(1)) != apptest.TrainingScheduled || f.balances.Balance(ada.UUID) != startBalance-1 {
		t.Errorf("Bob's attempts changed the calendar or Ada's balance")
	}
}

// TestTokens: a request without a valid token is refused with 401 before anything happens,
// over both transports.
func TestTokens(t *testing.T) {
	t.Parallel()
	f := start(t)
	forger, err := authtest.NewForger("training")
	if err != nil {
		t.Fatal(err)
	}
	forged, err := forger.Sign(ada, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := f.keys.Sign(ada, -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, token, reason string
	}{
		{"missing", "", "missing-token"},
		{"forged", forged, "invalid-token"},
		{"garbage", "not.a.jwt", "invalid-token"},
		{"expired", expired, "token-expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			var mw []middleware
			if tt.token != "" {
				mw = append(mw, auth.Bearer(tt.token))
			}
			overHTTP := trainingv1.NewTrainingServiceHTTPClient(httpClient(t, f, mw...))
			overGRPC := trainingv1.NewTrainingServiceClient(grpcConn(t, f, mw...))
			req := &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1))}
			_, err := overHTTP.ScheduleTraining(ctx, req)
			wantError(t, err, 401, tt.reason)
			_, err = overGRPC.ScheduleTraining(ctx, req)
			wantError(t, err, 401, tt.reason)
			_, err = overHTTP.ListTrainings(ctx, &trainingv1.ListTrainingsRequest{})
			wantError(t, err, 401, tt.reason)
			if f.calendar.State(hour(1)) != apptest.Available {
				t.Errorf("a refused request booked the hour")
			}
		})
	}
}

// TestRoles: only attendees book, and a service token is no person at all.
func TestRoles(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	id := check(f.http(t, ada).ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1))})).get(t).GetUuid()

	_, err := f.http(t, tess).ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(2))})
	wantError(t, err, 403, "attendee-only")
	asService := f.grpc(t, trainerService)
	_, err = asService.ListTrainings(ctx, &trainingv1.ListTrainingsRequest{})
	wantError(t, err, 403, "users-only")
	_, err = asService.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: id})
	wantError(t, err, 403, "users-only")
	if f.calendar.State(hour(2)) != apptest.Available || f.calendar.State(hour(1)) != apptest.TrainingScheduled {
		t.Errorf("a refused request changed the calendar")
	}
}

// TestBadInputIsANamed4xxAndChangesNothing: every refusal names its reason, and neither the
// trainings, the calendar nor the balance moved.
func TestBadInputIsANamed4xxAndChangesNothing(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asAda := f.http(t, ada)
	overGRPC := f.grpc(t, ada)
	id := check(asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(1)), Notes: "keep"})).get(t).GetUuid()
	const unknown = "00000000-0000-4000-8000-000000000000"

	tests := []struct {
		name   string
		call   func() error
		code   int
		reason string
	}{
		{"note too long", func() error {
			_, err := asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(2)), Notes: strings.Repeat("x", 1001)})
			return err
		}, 400, "note-too-long"},
		{"note too long on a move", func() error {
			_, err := asAda.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id, Time: ts(hour(2)), Notes: ptr(strings.Repeat("x", 1001))})
			return err
		}, 400, "note-too-long"},
		{"NUL in the note (PostgreSQL could not store it)", func() error {
			_, err := asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(2)), Notes: "legs\x00"})
			return err
		}, 400, "note-not-text"},
		{"time missing", func() error {
			_, err := asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{})
			return err
		}, 400, "missing-training-time"},
		{"new time missing", func() error {
			_, err := asAda.RequestReschedule(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: id})
			return err
		}, 400, "missing-training-time"},
		{"time beyond any calendar (gRPC)", func() error {
			_, err := overGRPC.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: &timestamppb.Timestamp{Seconds: 1 << 62}})
			return err
		}, 400, "invalid-training-time"},
		{"bad uuid", func() error {
			_, err := asAda.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: "not-a-uuid"})
			return err
		}, 400, "invalid-training-uuid"},
		{"empty uuid (gRPC)", func() error {
			_, err := overGRPC.ApproveReschedule(ctx, &trainingv1.RescheduleDecisionRequest{})
			return err
		}, 400, "missing-training-uuid"},
		{"unknown uuid", func() error {
			_, err := asAda.CancelTraining(ctx, &trainingv1.CancelTrainingRequest{Uuid: unknown})
			return err
		}, 404, "training-not-found"},
		{"unknown uuid on a move", func() error {
			_, err := asAda.RescheduleTraining(ctx, &trainingv1.RescheduleTrainingRequest{Uuid: unknown, Time: ts(hour(2))})
			return err
		}, 404, "training-not-found"},
		{"hour not open", func() error {
			_, err := asAda.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(openHours + 1))})
			return err
		}, 409, "hour-not-available"},
		{"no proposal to approve", func() error {
			_, err := f.http(t, tess).ApproveReschedule(ctx, &trainingv1.RescheduleDecisionRequest{Uuid: id})
			return err
		}, 409, "no-proposal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, tt.call(), tt.code, tt.reason)
		})
	}

	seen := list(t, check(asAda.ListTrainings(ctx, all)))
	if got := seen[id]; len(seen) != 1 || !got.GetTime().AsTime().Equal(hour(1)) || got.GetNotes() != "keep" || got.GetProposedTime() != nil {
		t.Errorf("Ada's trainings after the refusals: %v", seen)
	}
	if f.balances.Balance(ada.UUID) != startBalance-1 {
		t.Errorf("balance %d, want %d", f.balances.Balance(ada.UUID), startBalance-1)
	}
	for n := 2; n < openHours; n++ {
		if f.calendar.State(hour(n)) != apptest.Available {
			t.Errorf("hour %d is %q after the refusals", n, f.calendar.State(hour(n)))
		}
	}
}

// TestBalanceTooLow: the last credit books, the next booking is a named conflict.
func TestBalanceTooLow(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asBob := f.http(t, bob)
	for n := range startBalance {
		check(asBob.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(n))})).get(t)
	}
	_, err := asBob.ScheduleTraining(ctx, &trainingv1.ScheduleTrainingRequest{Time: ts(hour(startBalance))})
	wantError(t, err, 409, "balance-too-low")
	if f.calendar.State(hour(startBalance)) != apptest.Available || len(list(t, check(asBob.ListTrainings(ctx, all)))) != startBalance {
		t.Errorf("a refused booking left a trace")
	}
}
