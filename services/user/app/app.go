// Package app holds the user service's use cases: commands change users, queries read them.
package app

import (
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
)

// Application is what the ports call; service/ builds it.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change users.
type Commands struct {
	CreateUser            decorator.CommandHandler[command.CreateUser]
	CreateAccount         decorator.CommandHandler[command.CreateAccount]
	GrantCredits          decorator.CommandHandler[command.GrantCredits]
	UpdateTrainingBalance decorator.CommandHandler[command.UpdateTrainingBalance]
}

// Queries read users.
type Queries struct {
	CurrentUser decorator.QueryHandler[query.CurrentUser, query.User]
	Login       decorator.QueryHandler[query.Login, query.Token]
}
