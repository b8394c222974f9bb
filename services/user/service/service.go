// Package service is the user service's composition root: it builds storage, the application,
// the ports and the servers by plain constructor calls (manual dependency injection).
package service

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"

	"github.com/go-kratos/kratos/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
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
	users       Store
	hasher      *adapters.Argon2Hasher
	closeStore  func()
}

// New builds the service from bc. Storage is opened and migrated here.
func New(ctx context.Context, bc *conf.Bootstrap, version string) (*Service, error) {
	var settings Settings
	if err := conf.DecodeSettings(bc, &settings); err != nil {
		return nil, err
	}
	hasher, err := adapters.NewArgon2Hasher(argon2Params(settings.GetAccounts()))
	if err != nil {
		return nil, err
	}
	// The user service issues users' tokens: its signing key signs them (WithIssuer).
	base, err := server.New(Name, version, bc, server.WithIssuer(), server.WithPublic(ports.PublicOperations...))
	if err != nil {
		return nil, err
	}
	users, closeStore, err := sqlstore.OpenStore(ctx, bc.GetData().GetDatabase(), "data/user.db",
		adapters.Migrations, sqlstore.Backends[Store]{
			SQLite:   func(db *sql.DB) Store { return adapters.NewSQLiteUserRepository(db) },
			Postgres: func(p *pgxpool.Pool) Store { return adapters.NewPostgresUserRepository(p) },
		})
	if err != nil {
		base.Close()
		return nil, err
	}
	tokens := tokenIssuer{issuer: base.Keys.Issuer, ttl: tokenTTL(settings.GetAccounts())}
	limiter := query.NewLoginLimiter(loginLimits(settings.GetAccounts()))
	application := NewApplication(users, hasher, tokens, limiter, base.Logger.Zap(), base.Metrics)
	srv := ports.NewServer(application)
	userv1.RegisterUserServiceHTTPServer(base.HTTP, srv)
	userv1.RegisterUserServiceServer(base.GRPC, srv)
	base.HTTP.Handle(ports.JWKSPath, ports.JWKSHandler(base.Keys.Published))
	return &Service{Base: base, Application: application, users: users, hasher: hasher, closeStore: closeStore}, nil
}

// Store is what every backend's repository is: the aggregate's repository and the read model
// over the same table.
type Store interface {
	userdomain.Repository
	query.UserReadModel
}

// NewApplication builds every handler on users. Tests build the application on the memory
// repository with it; logger and metrics may be nil there.
func NewApplication(users Store, hasher *adapters.Argon2Hasher, tokens query.TokenIssuer, limiter *query.LoginLimiter,
	logger *zap.Logger, m decorator.MetricsClient) app.Application {
	return app.Application{
		Commands: app.Commands{
			CreateUser:            command.NewCreateUserHandler(users, logger, m),
			CreateAccount:         command.NewCreateAccountHandler(users, hasher, logger, m),
			GrantCredits:          command.NewGrantCreditsHandler(users, logger, m),
			UpdateTrainingBalance: command.NewUpdateTrainingBalanceHandler(users, logger, m),
		},
		Queries: app.Queries{
			CurrentUser: query.NewCurrentUserHandler(users, logger, m),
			Login:       query.NewLoginHandler(users, hasher, tokens, limiter, logger, m),
		},
	}
}

// Kratos is the kratos application serving the ports: Run blocks until SIGINT/SIGTERM or Stop.
func (s *Service) Kratos(opts ...kratos.Option) *kratos.App { return s.Base.App(opts...) }

// EnsureAccounts creates each of accounts whose e-mail address and user id are both free and
// leaves the others as they are: the local system's demo accounts, created on every start.
func (s *Service) EnsureAccounts(ctx context.Context, accounts ...command.CreateAccount) error {
	create := command.NewCreateAccountHandler(s.users, s.hasher, nil, nil)
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
	s.closeStore()
	s.Base.Close()
}
