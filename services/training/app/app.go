// Package app is the training service's application layer: one handler per use case, wired
// here from explicitly passed dependencies.
package app

import (
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// Application is what the ports call. Saga drives the operations the commands record; the
// composition root runs its worker (Saga.Work) next to the servers.
type Application struct {
	Commands Commands
	Queries  Queries
	Saga     *command.Saga
}

type Commands struct {
	ScheduleTraining          command.ScheduleTrainingHandler
	CancelTraining            command.CancelTrainingHandler
	RescheduleTraining        command.RescheduleTrainingHandler
	RequestTrainingReschedule command.RequestTrainingRescheduleHandler
	ApproveTrainingReschedule command.ApproveTrainingRescheduleHandler
	RejectTrainingReschedule  command.RejectTrainingRescheduleHandler
}

type Queries struct {
	AllTrainings     query.AllTrainingsHandler
	TrainingsForUser query.TrainingsForUserHandler
}

// ReadModel serves both training lists; the repositories in adapters implement it.
type ReadModel interface {
	query.AllTrainingsReadModel
	query.TrainingsForUserReadModel
}

// Storage is what the app keeps in its own database: the trainings, their read model and the
// operations that change them together with the other services. The adapters implement all
// three in one type per backend.
type Storage interface {
	training.Repository
	ReadModel
	command.Operations
}

// NewApplication builds every handler. The three dependencies are required; logging, metrics,
// the clock and the saga's timing are options with harmless defaults.
func NewApplication(
	store Storage,
	trainers command.TrainerService,
	users command.UserService,
	opts ...Option,
) Application {
	o := options{logger: zap.NewNop(), metrics: decorator.NopMetrics{}, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	log, m, now := o.logger, o.metrics, o.now
	saga := command.NewSaga(store, trainers, users, now, o.saga, log, m)
	return Application{
		Saga: saga,
		Commands: Commands{
			ScheduleTraining:          command.NewScheduleTrainingHandler(saga, log, m),
			CancelTraining:            command.NewCancelTrainingHandler(saga, now, log, m),
			RescheduleTraining:        command.NewRescheduleTrainingHandler(saga, now, log, m),
			RequestTrainingReschedule: command.NewRequestTrainingRescheduleHandler(store, log, m),
			ApproveTrainingReschedule: command.NewApproveTrainingRescheduleHandler(saga, log, m),
			RejectTrainingReschedule:  command.NewRejectTrainingRescheduleHandler(store, log, m),
		},
		Queries: Queries{
			AllTrainings:     query.NewAllTrainingsHandler(store, now, log, m),
			TrainingsForUser: query.NewTrainingsForUserHandler(store, now, log, m),
		},
	}
}
