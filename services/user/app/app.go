// Package app holds the user service's use cases: commands change users, queries read them.
package app

import (
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
	CreateUser            command.CreateUserHandler
	CreateAccount         command.CreateAccountHandler
	GrantCredits          command.GrantCreditsHandler
	UpdateTrainingBalance command.UpdateTrainingBalanceHandler
}

// Queries read users.
type Queries struct {
	CurrentUser query.CurrentUserHandler
	Login       query.LoginHandler
}
