package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

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
