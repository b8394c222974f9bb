// Package app is the training service's application layer: one handler per use case; service/
// builds them.
package app

import (
	"github.com/kratos-monorepo/monorepo/libs/decorator"
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
	ScheduleTraining          decorator.CommandHandler[command.ScheduleTraining]
	CancelTraining            decorator.CommandHandler[command.CancelTraining]
	RescheduleTraining        decorator.CommandHandler[command.RescheduleTraining]
	RequestTrainingReschedule decorator.CommandHandler[command.RequestTrainingReschedule]
	ApproveTrainingReschedule decorator.CommandHandler[command.ApproveTrainingReschedule]
	RejectTrainingReschedule  decorator.CommandHandler[command.RejectTrainingReschedule]
}

// Queries read trainings.
type Queries struct {
	AllTrainings     decorator.QueryHandler[query.AllTrainings, []query.Training]
	TrainingsForUser decorator.QueryHandler[query.TrainingsForUser, []query.Training]
}
