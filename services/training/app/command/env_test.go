package command_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

var (
	ctx = context.Background()
	// now is the handlers' clock; trainings start relative to it.
	now       = time.Date(2031, 6, 2, 8, 0, 0, 0, time.UTC)
	dayLater  = now.Add(24 * time.Hour)
	hourLater = now.Add(time.Hour)
	weekLater = now.Add(7 * 24 * time.Hour)
	freeHour  = now.Add(8 * 24 * time.Hour)
	ann       = training.MustNewUser("ann-uuid", training.Attendee)
	bob       = training.MustNewUser("bob-uuid", training.Attendee)
	trainer   = training.MustNewUser("trainer-uuid", training.Trainer)
	longNote  = strings.Repeat("n", training.MaxNoteLength+1)
)

func clock() time.Time { return now }

// Hour states, short for the tables.
const (
	available = apptest.Available
	scheduled = apptest.TrainingScheduled
	unknown   = apptest.Unpublished
)

// env is one test's world: the storage and the two other services' test doubles.
type env struct {
	repo     *adapters.MemoryTrainingRepository
	trainers *apptest.TrainerCalendar
	users    *apptest.UserBalances
}

// newEnv has ann with the given balance and the trainer's hours at weekLater and freeHour
// available.
func newEnv(annBalance int) *env {
	return &env{
		repo:     adapters.NewMemoryTrainingRepository(),
		trainers: apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{weekLater: available, freeHour: available}),
		users:    apptest.NewUserBalances(map[string]int{ann.UUID(): annBalance}),
	}
}

// booked stores ann's training "t-1" at `at`, with its hour scheduled, as ScheduleTraining
// would leave it, and returns its stored form.
func (e *env) booked(t *testing.T, at time.Time) training.Stored {
	t.Helper()
	e.trainers.Set(at, scheduled)
	tr, err := training.NewTraining("t-1", ann.UUID(), "Ann", at)
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.UpdateNotes("first notes")
	if err := e.repo.AddTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	return tr.Marshal()
}

// stored returns the training as stored, or the zero value when there is none.
func (e *env) stored(uuid string) training.Stored {
	tr, err := e.repo.GetTraining(ctx, uuid, trainer)
	if err != nil {
		return training.Stored{}
	}
	return tr.Marshal()
}
