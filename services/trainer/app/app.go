// Package app holds the trainer service's use cases on the trainer's calendar.
package app

import (
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
	MakeHoursAvailable   command.MakeHoursAvailableHandler
	MakeHoursUnavailable command.MakeHoursUnavailableHandler
	ScheduleTraining     command.ScheduleTrainingHandler
	CancelTraining       command.CancelTrainingHandler
}

// Queries read hours.
type Queries struct {
	Calendar query.CalendarHandler
}
