package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var (
	ctx     = context.Background()
	start   = time.Date(2031, 3, 3, 9, 0, 0, 0, time.UTC)
	ann     = training.MustNewUser("ann-uuid", training.Attendee)
	bob     = training.MustNewUser("bob-uuid", training.Attendee)
	trainer = training.MustNewUser("trainer-uuid", training.Trainer)
)

// TestRepositoryContract runs every behaviour the app relies on against every backend, so a
// backend that differs from the others fails here and not in production.
func TestRepositoryContract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, r repository)
	}{
		{"stored training reads back with every field", storedTrainingReadsBack},
		{"adding a taken uuid fails", addingTakenUUIDFails},
		{"unknown uuid is not found", unknownUUIDIsNotFound},
		{"another attendee's training is refused", anotherAttendeesTrainingIsRefused},
		{"update stores the returned training", updateStoresReturnedTraining},
		{"failed update changes nothing", failedUpdateChangesNothing},
		{"concurrent updates of one training are serialised", concurrentUpdatesAreSerialised},
		{"lists keep attendees apart and skip canceled", listsKeepAttendeesApart},
		{"operations: a booking is pending, then stored or removed", bookingOperationLifecycle},
		{"operations: a changing training refuses other changes until finished", changingTrainingRefusesChanges},
		{"operations: claimed once until the lease runs out, finished once", operationsClaimedAndFinishedOnce},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.run(t, b.open(t))
				})
			}
		})
	}
}

func add(t testing.TB, r repository, uuid string, owner training.User, at time.Time) *training.Training {
	t.Helper()
	tr, err := training.NewTraining(uuid, owner.UUID(), "name of "+owner.UUID(), at)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddTraining(ctx, tr); err != nil {
		t.Fatalf("AddTraining(%s): %v", uuid, err)
	}
	return tr
}

func get(t testing.TB, r repository, uuid string) training.Stored {
	t.Helper()
	tr, err := r.GetTraining(ctx, uuid, trainer)
	if err != nil {
		t.Fatalf("GetTraining(%s): %v", uuid, err)
	}
	return tr.Marshal()
}

func storedTrainingReadsBack(t *testing.T, r repository) {
	tr, _ := training.NewTraining("t-1", ann.UUID(), "Ann", start)
	_ = tr.UpdateNotes("knee injury, 训练")
	_ = tr.ProposeReschedule(ann, start.Add(26*time.Hour))
	if err := r.AddTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	got, err := r.GetTraining(ctx, "t-1", ann)
	if err != nil {
		t.Fatal(err)
	}
	assertSame(t, got.Marshal(), tr.Marshal())
}

func addingTakenUUIDFails(t *testing.T, r repository) {
	first := add(t, r, "t-1", ann, start)
	second, _ := training.NewTraining("t-1", bob.UUID(), "Bob", start.Add(time.Hour))

	if err := r.AddTraining(ctx, second); !errors.Is(err, training.ErrTrainingExists) {
		t.Fatalf("err = %v, want %v", err, training.ErrTrainingExists)
	}
	assertSame(t, get(t, r, "t-1"), first.Marshal())
}

func unknownUUIDIsNotFound(t *testing.T, r repository) {
	if _, err := r.GetTraining(ctx, "missing", trainer); !errors.Is(err, training.ErrTrainingNotFound) {
		t.Errorf("GetTraining: err = %v", err)
	}
	called := false
	err := r.UpdateTraining(ctx, "missing", trainer, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		called = true
		return tr, nil
	})
	if !errors.Is(err, training.ErrTrainingNotFound) || called {
		t.Errorf("UpdateTraining: err = %v, update func called = %v", err, called)
	}
}

func anotherAttendeesTrainingIsRefused(t *testing.T, r repository) {
	tr := add(t, r, "t-1", ann, start)

	if _, err := r.GetTraining(ctx, "t-1", bob); !errors.Is(err, training.ErrNotYourTraining) {
		t.Errorf("GetTraining by bob: err = %v", err)
	}
	called := false
	err := r.UpdateTraining(ctx, "t-1", bob, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		called = true
		_ = tr.UpdateNotes("bob was here")
		return tr, nil
	})
	if !errors.Is(err, training.ErrNotYourTraining) || called {
		t.Errorf("UpdateTraining by bob: err = %v, update func called = %v", err, called)
	}
	assertSame(t, get(t, r, "t-1"), tr.Marshal())
}

func updateStoresReturnedTraining(t *testing.T, r repository) {
	add(t, r, "t-1", ann, start)
	var want training.Stored
	err := r.UpdateTraining(ctx, "t-1", ann, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		_ = tr.UpdateNotes("new notes")
		if err := tr.ProposeReschedule(ann, start.Add(48*time.Hour)); err != nil {
			return nil, err
		}
		want = tr.Marshal()
		return tr, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	assertSame(t, get(t, r, "t-1"), want)

	// and back: clearing the proposal and cancelling must be stored too
	err = r.UpdateTraining(ctx, "t-1", trainer, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		if _, err := tr.Cancel(trainer, start.Add(-72*time.Hour)); err != nil {
			return nil, err
		}
		want = tr.Marshal()
		return tr, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := get(t, r, "t-1")
	assertSame(t, got, want)
	if !got.Canceled || got.ProposedBy != "" {
		t.Errorf("cancel not stored: %+v", got)
	}
}

var errUpdateFailed = errors.New("the update func failed")

func failedUpdateChangesNothing(t *testing.T, r repository) {
	before := add(t, r, "t-1", ann, start).Marshal()

	err := r.UpdateTraining(ctx, "t-1", ann, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		// change the training as a real use case would, then fail
		_ = tr.UpdateNotes("half done")
		_, _ = tr.Cancel(ann, start.Add(-72*time.Hour))
		return nil, errUpdateFailed
	})

	if !errors.Is(err, errUpdateFailed) {
		t.Fatalf("err = %v, want the update func's error", err)
	}
	assertSame(t, get(t, r, "t-1"), before)
}

// concurrentUpdatesAreSerialised: each update appends one mark to the notes it read. If two
// updates read the same notes (no row lock), one mark would be lost.
func concurrentUpdatesAreSerialised(t *testing.T, r repository) {
	add(t, r, "t-1", ann, start)
	const workers = 12
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- r.UpdateTraining(ctx, "t-1", ann, func(_ context.Context, tr *training.Training) (*training.Training, error) {
				if err := tr.UpdateNotes(tr.Notes() + fmt.Sprintf("[%d]", i)); err != nil {
					return nil, err
				}
				return tr, nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent UpdateTraining: %v", err)
		}
	}
	notes := get(t, r, "t-1").Notes
	for i := range workers {
		if !strings.Contains(notes, fmt.Sprintf("[%d]", i)) {
			t.Errorf("update %d was lost: notes = %q", i, notes)
		}
	}
}

func listsKeepAttendeesApart(t *testing.T, r repository) {
	// added out of time order on purpose: lists are ordered by time
	add(t, r, "ann-late", ann, start.Add(5*time.Hour))
	add(t, r, "bob-1", bob, start.Add(2*time.Hour))
	add(t, r, "ann-early", ann, start)
	add(t, r, "ann-canceled", ann, start.Add(3*time.Hour))
	err := r.UpdateTraining(ctx, "ann-canceled", ann, func(_ context.Context, tr *training.Training) (*training.Training, error) {
		_, err := tr.Cancel(ann, start.Add(-72*time.Hour))
		return tr, err
	})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		list func() ([]query.Training, error)
		want []string
	}{
		{"ann", func() ([]query.Training, error) { return r.FindTrainingsForUser(ctx, ann.UUID()) }, []string{"ann-early", "ann-late"}},
		{"bob", func() ([]query.Training, error) { return r.FindTrainingsForUser(ctx, bob.UUID()) }, []string{"bob-1"}},
		{"nobody", func() ([]query.Training, error) { return r.FindTrainingsForUser(ctx, "nobody") }, []string{}},
		{"all", func() ([]query.Training, error) { return r.AllTrainings(ctx) }, []string{"ann-early", "bob-1", "ann-late"}},
	}
	for _, tt := range tests {
		got, err := tt.list()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		uuids := make([]string, 0, len(got))
		for _, tr := range got {
			uuids = append(uuids, tr.UUID)
		}
		if strings.Join(uuids, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: listed %v, want %v", tt.name, uuids, tt.want)
		}
	}
}

func assertSame(t *testing.T, got, want training.Stored) {
	t.Helper()
	// time.Time holds a location pointer: compare instants, then the rest field by field.
	if !got.Time.Equal(want.Time) || !got.ProposedNewTime.Equal(want.ProposedNewTime) {
		t.Errorf("times = %v / %v, want %v / %v", got.Time, got.ProposedNewTime, want.Time, want.ProposedNewTime)
	}
	got.Time, want.Time = time.Time{}, time.Time{}
	got.ProposedNewTime, want.ProposedNewTime = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("stored = %+v, want %+v", got, want)
	}
}

func newOperation(kind command.OperationKind, tr *training.Training, next time.Time) *command.Operation {
	return &command.Operation{
		TrainingUUID: tr.UUID(), Kind: kind, Target: tr.Marshal(), State: command.StateRunning,
		Steps: []command.Step{
			{Do: command.Call{Action: command.ChangeBalance, User: tr.UserUUID(), Delta: -1},
				Undo: &command.Call{Action: command.ChangeBalance, User: tr.UserUUID(), Delta: 1}},
			{Do: command.Call{Action: command.ReserveHour, Hour: tr.Time()}},
		},
		CreatedAt: start, NextAttempt: next,
	}
}

func pendingOf(t *testing.T, r repository, uuid string) (listed, pending bool) {
	t.Helper()
	trs, err := r.AllTrainings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range trs {
		if tr.UUID == uuid {
			return true, tr.Pending
		}
	}
	return false, false
}

func bookingOperationLifecycle(t *testing.T, r repository) {
	for _, end := range []command.OperationState{command.StateDone, command.StateFailed} {
		tr, _ := training.NewTraining("t-"+string(end), ann.UUID(), "Ann", start)
		op := newOperation(command.KindSchedule, tr, start)
		if err := r.BeginSchedule(ctx, tr, op); err != nil {
			t.Fatal(err)
		}
		if op.ID != tr.UUID()+"/1" {
			t.Errorf("operation id = %q, want %q", op.ID, tr.UUID()+"/1")
		}
		if listed, pending := pendingOf(t, r, tr.UUID()); !listed || !pending {
			t.Errorf("during the booking: listed %v, pending %v; want both", listed, pending)
		}
		op.State = end
		if err := r.Finish(ctx, op); err != nil {
			t.Fatal(err)
		}
		listed, pending := pendingOf(t, r, tr.UUID())
		if listed != (end == command.StateDone) || pending {
			t.Errorf("after %s: listed %v, pending %v", end, listed, pending)
		}
	}
	if ops, err := r.Unfinished(ctx); err != nil || len(ops) != 0 {
		t.Errorf("Unfinished = %v, %v; want none", ops, err)
	}
}

func changingTrainingRefusesChanges(t *testing.T, r repository) {
	tr := add(t, r, "t-1", ann, start)
	before := get(t, r, "t-1")
	op, err := r.Begin(ctx, "t-1", ann, func(tr *training.Training) (*command.Operation, error) {
		if err := tr.UpdateNotes("moved"); err != nil {
			return nil, err
		}
		return newOperation(command.KindReschedule, tr, start), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := get(t, r, "t-1"); got != before {
		t.Errorf("the training changed before its operation finished: %+v", got)
	}
	if _, err := r.Begin(ctx, "t-1", ann, func(*training.Training) (*command.Operation, error) {
		t.Error("plan called for a training that is changing")
		return nil, nil
	}); !errors.Is(err, training.ErrChangeInProgress) {
		t.Errorf("second Begin = %v, want %v", err, training.ErrChangeInProgress)
	}
	err = r.UpdateTraining(ctx, "t-1", ann, func(_ context.Context, tr *training.Training) (*training.Training, error) { return tr, nil })
	if !errors.Is(err, training.ErrChangeInProgress) {
		t.Errorf("UpdateTraining = %v, want %v", err, training.ErrChangeInProgress)
	}
	if _, err := r.Begin(ctx, "t-1", bob, nil); !errors.Is(err, training.ErrNotYourTraining) {
		t.Errorf("Begin by another attendee = %v, want %v", err, training.ErrNotYourTraining)
	}
	op.State = command.StateDone
	if err := r.Finish(ctx, op); err != nil {
		t.Fatal(err)
	}
	if got := get(t, r, "t-1").Notes; got != "moved" {
		t.Errorf("notes after the operation = %q, want its target's", got)
	}
	next, err := r.Begin(ctx, "t-1", ann, func(tr *training.Training) (*command.Operation, error) {
		return newOperation(command.KindCancel, tr, start), nil
	})
	if err != nil || next.ID != tr.UUID()+"/2" {
		t.Errorf("next operation = %v, %v; want id %s/2", next, err, tr.UUID())
	}
}

func operationsClaimedAndFinishedOnce(t *testing.T, r repository) {
	tr, _ := training.NewTraining("t-1", ann.UUID(), "Ann", start)
	op := newOperation(command.KindSchedule, tr, start.Add(time.Minute))
	if err := r.BeginSchedule(ctx, tr, op); err != nil {
		t.Fatal(err)
	}
	if due, err := r.ClaimDue(ctx, start, start.Add(time.Hour), 10); err != nil || len(due) != 0 {
		t.Fatalf("ClaimDue before its time = %v, %v; want none", due, err)
	}
	due, err := r.ClaimDue(ctx, start.Add(time.Minute), start.Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("ClaimDue = %v, %v; want the operation", due, err)
	}
	got := due[0]
	if got.ID != op.ID || got.Kind != op.Kind || len(got.Steps) != 2 || *got.Steps[0].Undo != *op.Steps[0].Undo ||
		!got.Steps[1].Do.Hour.Equal(start) || got.Target != op.Target {
		t.Errorf("claimed %+v, want %+v", got, op)
	}
	if again, _ := r.ClaimDue(ctx, start.Add(2*time.Minute), start.Add(time.Hour), 10); len(again) != 0 {
		t.Errorf("claimed again within the lease: %v", again)
	}
	got.State, got.FailedStep, got.Reason, got.Attempts, got.LastError = command.StateCompensating, 1, "hour-not-available", 3, "boom"
	got.NextAttempt = start.Add(2 * time.Hour)
	if err := r.Record(ctx, got); err != nil {
		t.Fatal(err)
	}
	ops, err := r.Unfinished(ctx)
	if err != nil || len(ops) != 1 || ops[0].State != command.StateCompensating || ops[0].Reason != "hour-not-available" ||
		ops[0].Attempts != 3 || !ops[0].NextAttempt.Equal(start.Add(2*time.Hour)) {
		t.Errorf("Unfinished after Record = %+v, %v", ops, err)
	}
	got.State = command.StateFailed
	for range 2 {
		if err := r.Finish(ctx, got); err != nil {
			t.Fatal(err)
		}
	}
	// A late driver that still believes the booking succeeded changes nothing any more.
	late := *got
	late.State = command.StateDone
	if err := r.Finish(ctx, &late); err != nil {
		t.Fatal(err)
	}
	if listed, _ := pendingOf(t, r, "t-1"); listed {
		t.Error("a failed booking is listed")
	}
	if ops, _ := r.Unfinished(ctx); len(ops) != 0 {
		t.Errorf("unfinished after Finish: %v", ops)
	}
}
