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

// Application is what the ports call.
type Application struct {
	Commands Commands
	Queries  Queries
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

// NewApplication builds every handler. The four dependencies are required; logging, metrics
// and the clock are options with harmless defaults.
func NewApplication(
	repo training.Repository,
	readModel ReadModel,
	trainers command.TrainerService,
	users command.UserService,
	opts ...Option,
) Application {
	o := options{logger: zap.NewNop(), metrics: decorator.NopMetrics{}, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	log, m, now := o.logger, o.metrics, o.now
	return Application{
		Commands: Commands{
			ScheduleTraining:          command.NewScheduleTrainingHandler(repo, users, trainers, log, m),
			CancelTraining:            command.NewCancelTrainingHandler(repo, users, trainers, now, log, m),
			RescheduleTraining:        command.NewRescheduleTrainingHandler(repo, trainers, now, log, m),
			RequestTrainingReschedule: command.NewRequestTrainingRescheduleHandler(repo, log, m),
			ApproveTrainingReschedule: command.NewApproveTrainingRescheduleHandler(repo, trainers, log, m),
			RejectTrainingReschedule:  command.NewRejectTrainingRescheduleHandler(repo, log, m),
		},
		Queries: Queries{
			AllTrainings:     query.NewAllTrainingsHandler(readModel, now, log, m),
			TrainingsForUser: query.NewTrainingsForUserHandler(readModel, now, log, m),
		},
	}
}
