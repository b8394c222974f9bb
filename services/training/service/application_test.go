package service_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

var (
	ctx        = context.Background()
	storyStart = time.Date(2031, 6, 2, 8, 0, 0, 0, time.UTC)
	booked     = storyStart.Add(7 * 24 * time.Hour)
	moved      = storyStart.Add(8 * 24 * time.Hour)
	ann        = training.MustNewUser("ann-uuid", training.Attendee)
	trainer    = training.MustNewUser("trainer-uuid", training.Trainer)
)

// recordedMetrics keeps the names the decorators report, to check the options reach them.
type recordedMetrics struct {
	mu    sync.Mutex
	names []string
}

func (m *recordedMetrics) ObserveHandler(kind, name string, _ time.Duration, _ error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.names = append(m.names, kind+" "+name)
}

// TestTrainingStory books, moves late through a proposal and cancels late, through the
// Application as the ports will use it; the clock moves, nothing sleeps.
func TestTrainingStory(t *testing.T) {
	t.Parallel()
	repo := adapters.NewMemoryTrainingRepository()
	trainers := apptest.NewTrainerCalendar(map[time.Time]apptest.HourState{booked: apptest.Available, moved: apptest.Available})
	users := apptest.NewUserBalances(map[string]int{ann.UUID(): 1})
	now := storyStart
	metrics := &recordedMetrics{}
	a := service.NewApplication(repo, trainers, users, func() time.Time { return now },
		command.SagaConfig{}, nil, metrics)

	must(t, a.Commands.ScheduleTraining.Handle(ctx, command.ScheduleTraining{
		TrainingUUID: "t-1", User: ann, UserName: "Ann", TrainingTime: booked, Notes: "first time"}))
	expect(t, users.Balance(ann.UUID()) == 0, "the booking took the credit")
	list := trainingsOf(t, a, ann)
	expect(t, len(list) == 1 && list[0].CanBeCancelledForFree, "ann sees her training, free to cancel: %+v", list)

	now = booked.Add(-2 * time.Hour) // too late to move directly
	err := a.Commands.RescheduleTraining.Handle(ctx, command.RescheduleTraining{TrainingUUID: "t-1", User: ann, NewTime: moved})
	expect(t, errors.Is(err, training.ErrRescheduleTooLate), "direct move refused late: %v", err)

	must(t, a.Commands.RequestTrainingReschedule.Handle(ctx, command.RequestTrainingReschedule{TrainingUUID: "t-1", User: ann, NewTime: moved}))
	must(t, a.Commands.ApproveTrainingReschedule.Handle(ctx, command.ApproveTrainingReschedule{TrainingUUID: "t-1", User: trainer}))
	all, err := a.Queries.AllTrainings.Handle(ctx, query.AllTrainings{User: trainer})
	must(t, err)
	expect(t, len(all) == 1 && all[0].Time.Equal(moved) && all[0].ProposedTime == nil, "moved and settled: %+v", all)
	expect(t, trainers.State(booked) == apptest.Available && trainers.State(moved) == apptest.TrainingScheduled, "calendar moved")

	now = moved.Add(-time.Hour)
	must(t, a.Commands.CancelTraining.Handle(ctx, command.CancelTraining{TrainingUUID: "t-1", User: trainer}))
	expect(t, users.Balance(ann.UUID()) == 2, "late cancel by the trainer pays 2, balance %d", users.Balance(ann.UUID()))
	expect(t, trainers.State(moved) == apptest.Available, "hour freed")
	expect(t, len(trainingsOf(t, a, ann)) == 0, "a canceled training is not listed")

	for _, want := range []string{"command ScheduleTraining", "command ApproveTrainingReschedule", "query AllTrainings", "query TrainingsForUser"} {
		expect(t, slices.Contains(metrics.names, want), "metrics missing %q in %v", want, metrics.names)
	}
}

func TestNewApplicationRefusesMissingDependencies(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewApplication accepted a nil trainer service")
		}
	}()
	repo := adapters.NewMemoryTrainingRepository()
	var trainers *apptest.TrainerCalendar // typed nil, as a forgotten wiring would give
	service.NewApplication(repo, trainers, apptest.NewUserBalances(nil), time.Now, command.SagaConfig{}, nil, nil)
}

func trainingsOf(t *testing.T, a app.Application, u training.User) []query.Training {
	t.Helper()
	list, err := a.Queries.TrainingsForUser.Handle(ctx, query.TrainingsForUser{User: u})
	must(t, err)
	return list
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func expect(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Fatalf("expected: "+format, args...)
	}
}
