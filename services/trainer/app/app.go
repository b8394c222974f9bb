// Package app holds the trainer service's use cases on the trainer's calendar.
package app

import (
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
)

// Application is what the ports call; service/ builds it.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change hours.
type Commands struct {
	MakeHoursAvailable   decorator.CommandHandler[command.MakeHoursAvailable]
	MakeHoursUnavailable decorator.CommandHandler[command.MakeHoursUnavailable]
	ScheduleTraining     decorator.CommandHandler[command.ScheduleTraining]
	CancelTraining       decorator.CommandHandler[command.CancelTraining]
}

// Queries read hours.
type Queries struct {
	Calendar decorator.QueryHandler[query.Calendar, []query.Date]
}
