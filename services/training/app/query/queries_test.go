package query_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var (
	ctx     = context.Background()
	now     = time.Date(2031, 6, 2, 8, 0, 0, 0, time.UTC)
	ann     = training.MustNewUser("ann-uuid", training.Attendee)
	bob     = training.MustNewUser("bob-uuid", training.Attendee)
	trainer = training.MustNewUser("trainer-uuid", training.Trainer)
)

func clock() time.Time { return now }

// seeded holds ann's training in 2 h, bob's in 24 h and ann's with a trainer proposal in 48 h.
func seeded(t *testing.T) *adapters.MemoryTrainingRepository {
	t.Helper()
	repo := adapters.NewMemoryTrainingRepository()
	for _, s := range []struct {
		uuid  string
		owner training.User
		in    time.Duration
	}{{"ann-soon", ann, 2 * time.Hour}, {"bob-1", bob, 24 * time.Hour}, {"ann-later", ann, 48 * time.Hour}} {
		tr, err := training.NewTraining(s.uuid, s.owner.UUID(), s.owner.UUID(), now.Add(s.in))
		if err != nil {
			t.Fatal(err)
		}
		if s.uuid == "ann-later" {
			_ = tr.ProposeReschedule(trainer, now.Add(72*time.Hour))
		}
		if err := repo.AddTraining(ctx, tr); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

func TestTrainingsForUserListsOnlyTheCallersOwn(t *testing.T) {
	t.Parallel()
	h := query.NewTrainingsForUserHandler(seeded(t), clock, nil, nil)
	tests := []struct {
		user training.User
		want []string
	}{
		{ann, []string{"ann-soon", "ann-later"}},
		{bob, []string{"bob-1"}},
		{training.MustNewUser("carl-uuid", training.Attendee), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.user.UUID(), func(t *testing.T) {
			t.Parallel()
			got, err := h.Handle(ctx, query.TrainingsForUser{User: tt.user})
			if err != nil {
				t.Fatal(err)
			}
			if uuids := uuidsOf(got); !slices.Equal(uuids, tt.want) {
				t.Errorf("listed %v, want %v", uuids, tt.want)
			}
		})
	}
}

func TestAllTrainingsIsForTheTrainerOnly(t *testing.T) {
	t.Parallel()
	h := query.NewAllTrainingsHandler(seeded(t), clock, nil, nil)

	if _, err := h.Handle(ctx, query.AllTrainings{User: ann}); !errors.Is(err, training.ErrTrainerOnly) {
		t.Errorf("attendee: err = %v, want %v", err, training.ErrTrainerOnly)
	}
	got, err := h.Handle(ctx, query.AllTrainings{User: trainer})
	if err != nil {
		t.Fatal(err)
	}
	if uuids := uuidsOf(got); !slices.Equal(uuids, []string{"ann-soon", "bob-1", "ann-later"}) {
		t.Errorf("listed %v", uuids)
	}
}

func TestListsTellWhatCanBeCancelledForFreeAndWhatIsProposed(t *testing.T) {
	t.Parallel()
	h := query.NewAllTrainingsHandler(seeded(t), clock, nil, nil)
	got, err := h.Handle(ctx, query.AllTrainings{User: trainer})
	if err != nil || len(got) != 3 {
		t.Fatalf("got %d trainings, err %v", len(got), err)
	}
	wantFree := map[string]bool{"ann-soon": false, "bob-1": true, "ann-later": true}
	for _, tr := range got {
		if tr.CanBeCancelledForFree != wantFree[tr.UUID] {
			t.Errorf("%s: CanBeCancelledForFree = %v", tr.UUID, tr.CanBeCancelledForFree)
		}
		proposed := tr.UUID == "ann-later"
		if (tr.ProposedTime != nil) != proposed || (tr.ProposedBy != nil) != proposed {
			t.Fatalf("%s: proposal %v by %v", tr.UUID, tr.ProposedTime, tr.ProposedBy)
		}
		if proposed && (!tr.ProposedTime.Equal(now.Add(72*time.Hour)) || *tr.ProposedBy != "trainer") {
			t.Errorf("%s: proposal %v by %s", tr.UUID, *tr.ProposedTime, *tr.ProposedBy)
		}
	}
}

func uuidsOf(trs []query.Training) []string {
	out := []string{}
	for _, tr := range trs {
		out = append(out, tr.UUID)
	}
	return out
}
