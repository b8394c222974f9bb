package command_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
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

// env is one test's world: the storage, the two other services' test doubles, and the saga
// that drives operations between them.
type env struct {
	repo     *adapters.MemoryTrainingRepository
	trainers *apptest.TrainerCalendar
	users    *apptest.UserBalances
	saga     *command.Saga
}

// newEnv has ann with the given balance and the trainer's hours at weekLater and freeHour
// available.
func newEnv(annBalance int) *env {
	e := &env{
		repo:     adapters.NewMemoryTrainingRepository(),
		trainers: apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{weekLater: available, freeHour: available}),
		users:    apptest.NewUserBalances(map[string]int{ann.UUID(): annBalance}),
	}
	e.saga = e.newSaga(e.repo)
	return e
}

// newSaga drives operations recorded in ops (the env's repository, or a wrapper of it).
func (e *env) newSaga(ops command.Operations) *command.Saga {
	return command.NewSaga(ops, e.trainers, e.users, clock, command.SagaConfig{Wait: 2 * time.Second}, nil, nil)
}

// recover runs the worker's pass as it would run after every retry delay has passed, and fails
// the test unless every operation then is finished.
func (e *env) recover(t *testing.T) {
	t.Helper()
	worker := command.NewSaga(e.repo, e.trainers, e.users, func() time.Time { return now.Add(time.Hour) },
		command.SagaConfig{}, nil, nil)
	if _, err := worker.RecoverDue(ctx, 100); err != nil {
		t.Fatal(err)
	}
	if ops, _ := e.repo.Unfinished(ctx); len(ops) != 0 {
		t.Fatalf("%d operations unfinished after recovery: %+v", len(ops), ops[0])
	}
}

// pending reports whether ann's lists show the training as pending.
func (e *env) pending(t *testing.T, uuid string) bool {
	t.Helper()
	trs, err := e.repo.AllTrainings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range trs {
		if tr.UUID == uuid {
			return tr.Pending
		}
	}
	return false
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
