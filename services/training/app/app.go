// Package app is the training service's application layer: one handler per use case; service/
// builds them.
package app

import (
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
)

// Application is what the ports call; service/ builds it. Saga drives the operations the
// commands record; the composition root runs its worker (Saga.Work) next to the servers.
type Application struct {
	Commands Commands
	Queries  Queries
	Saga     *command.Saga
}

// Commands change trainings.
type Commands struct {
	ScheduleTraining          command.ScheduleTrainingHandler
	CancelTraining            command.CancelTrainingHandler
	RescheduleTraining        command.RescheduleTrainingHandler
	RequestTrainingReschedule command.RequestTrainingRescheduleHandler
	ApproveTrainingReschedule command.ApproveTrainingRescheduleHandler
	RejectTrainingReschedule  command.RejectTrainingRescheduleHandler
}

// Queries read trainings.
type Queries struct {
	AllTrainings     query.AllTrainingsHandler
	TrainingsForUser query.TrainingsForUserHandler
}
