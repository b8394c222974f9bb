// Package service is the user service's composition root: it builds storage, the application,
// the ports and the servers by plain constructor calls (manual dependency injection).
package service

import (
	"context"
	_ "embed"
	"errors"

	"github.com/go-kratos/kratos/v2"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	userdomain "github.com/kratos-monorepo/monorepo/services/user/domain/user"
	"github.com/kratos-monorepo/monorepo/services/user/ports"
)

// Name is the service's name in logs, metrics and the registry.
const Name = "user"

// DefaultConfig is embedded so the binary runs with no -conf folder.
//
//go:embed config.yaml
var DefaultConfig []byte

// Service is the built service: run Kratos(), then Close it.
type Service struct {
	*server.Base
	Application app.Application
	storage     *storage
	hasher      *adapters.Argon2Hasher
}

// New builds the service from bc. Storage is opened and migrated here.
func New(ctx context.Context, bc *conf.Bootstrap, version string) (*Service, error) {
	hasher, err := adapters.NewArgon2Hasher(argon2Params(bc.GetAccounts()))
	if err != nil {
		return nil, err
	}
	// The user service issues users' tokens: its signing key signs them (WithIssuer).
	base, err := server.New(Name, version, bc, server.WithIssuer(), server.WithPublic(ports.PublicOperations...))
	if err != nil {
		return nil, err
	}
	store, err := openStorage(ctx, bc.GetData().GetDatabase())
	if err != nil {
		base.Close()
		return nil, err
	}
	logger, m := base.Logger.Zap(), base.Metrics
	application := app.Application{
		Commands: app.Commands{
			CreateUser:            command.NewCreateUserHandler(store.users, logger, m),
			CreateAccount:         command.NewCreateAccountHandler(store.users, hasher, logger, m),
			GrantCredits:          command.NewGrantCreditsHandler(store.users, logger, m),
			UpdateTrainingBalance: command.NewUpdateTrainingBalanceHandler(store.users, logger, m),
		},
		Queries: app.Queries{
			CurrentUser: query.NewCurrentUserHandler(store.users, logger, m),
			Login: query.NewLoginHandler(store.users, hasher,
				tokenIssuer{issuer: base.Keys.Issuer, ttl: tokenTTL(bc.GetAccounts())},
				query.NewLoginLimiter(loginLimits(bc.GetAccounts())), logger, m),
		},
	}
	srv := ports.NewServer(application)
	userv1.RegisterUserServiceHTTPServer(base.HTTP, srv)
	userv1.RegisterUserServiceServer(base.GRPC, srv)
	base.HTTP.Handle(ports.JWKSPath, ports.JWKSHandler(base.Keys.Published))
	return &Service{Base: base, Application: application, storage: store, hasher: hasher}, nil
}

// Kratos is the kratos application serving the ports: Run blocks until SIGINT/SIGTERM or Stop.
func (s *Service) Kratos(opts ...kratos.Option) *kratos.App { return s.Base.App(opts...) }

// EnsureAccounts creates each of accounts whose e-mail address and user id are both free and
// leaves the others as they are: the local system's demo accounts, created on every start.
func (s *Service) EnsureAccounts(ctx context.Context, accounts ...command.CreateAccount) error {
	create := command.NewCreateAccountHandler(s.storage.users, s.hasher, nil, nil)
	for _, a := range accounts {
		err := create.Handle(ctx, a)
		if err != nil && !errors.Is(err, userdomain.ErrUserAlreadyExists) && !errors.Is(err, userdomain.ErrEmailTaken) {
			return err
		}
	}
	return nil
}

// Close releases storage, logs and metrics.
func (s *Service) Close() {
	s.storage.close()
	s.Base.Close()
}
