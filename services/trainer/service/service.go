// Package service is the trainer service's composition root: it builds storage, the application,
// the ports and the servers by plain constructor calls (manual dependency injection).
package service

import (
	"context"
	"database/sql"
	_ "embed"

	"github.com/go-kratos/kratos/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
	"github.com/kratos-monorepo/monorepo/services/trainer/ports"
)

// Name is the service's name in logs, metrics and the registry.
const Name = "trainer"

// DefaultConfig is embedded so the binary runs with no -conf folder.
//
//go:embed config.yaml
var DefaultConfig []byte

// Service is the built service: run Kratos(), then Close it.
type Service struct {
	*server.Base
	Application app.Application
	closeStore  func()
}

// New builds the service from bc. Its settings' hours section must be valid (the embedded defaults are);
// storage is opened and migrated here.
func New(ctx context.Context, bc *conf.Bootstrap, version string) (*Service, error) {
	var settings Settings
	if err := conf.DecodeSettings(bc, &settings); err != nil {
		return nil, err
	}
	factoryConfig := hour.FactoryConfig{
		MinUTCHour:          int(settings.GetHours().GetEarliestHour()),
		MaxUTCHour:          int(settings.GetHours().GetLatestHour()),
		MaxWeeksInTheFuture: int(settings.GetHours().GetMaxWeeksAhead()),
		MaxHoursPerChange:   int(settings.GetHours().GetMaxPerRequest()),
	}
	factory, err := hour.NewFactory(factoryConfig)
	if err != nil {
		return nil, err
	}
	base, err := server.NewBase(Name, version, bc)
	if err != nil {
		return nil, err
	}
	hours, closeStore, err := sqlstore.OpenStore(ctx, bc.GetData().GetDatabase(), "data/trainer.db",
		adapters.Migrations, sqlstore.Backends[Store]{
			SQLite:   func(db *sql.DB) Store { return adapters.NewSQLiteHourRepository(db, factory) },
			Postgres: func(p *pgxpool.Pool) Store { return adapters.NewPostgresHourRepository(p, factory) },
		})
	if err != nil {
		base.Close()
		return nil, err
	}
	application := NewApplication(hours, factory, factoryConfig, base.Logger.Zap(), base.Metrics)
	srv := ports.NewServer(application)
	trainerv1.RegisterTrainerServiceHTTPServer(base.HTTP, srv)
	trainerv1.RegisterTrainerServiceServer(base.GRPC, srv)
	return &Service{Base: base, Application: application, closeStore: closeStore}, nil
}

// Store is what every backend's repository is: the aggregate's repository and the calendar's
// read model over the same table.
type Store interface {
	hour.Repository
	query.CalendarReadModel
}

// NewApplication builds every handler on hours. Tests build the application on the memory
// repository with it; logger and metrics may be nil there.
func NewApplication(hours Store, factory hour.Factory, calendar hour.FactoryConfig, logger *zap.Logger, m decorator.MetricsClient) app.Application {
	return app.Application{
		Commands: app.Commands{
			MakeHoursAvailable:   command.NewMakeHoursAvailableHandler(hours, factory, logger, m),
			MakeHoursUnavailable: command.NewMakeHoursUnavailableHandler(hours, factory, logger, m),
			ScheduleTraining:     command.NewScheduleTrainingHandler(hours, factory, logger, m),
			CancelTraining:       command.NewCancelTrainingHandler(hours, logger, m),
		},
		Queries: app.Queries{
			Calendar: query.NewCalendarHandler(hours, calendar, logger, m),
		},
	}
}

// Kratos is the kratos application serving the ports: Run blocks until SIGINT/SIGTERM or Stop.
func (s *Service) Kratos(opts ...kratos.Option) *kratos.App { return s.Base.App(opts...) }

// Close releases storage, logs and metrics.
func (s *Service) Close() {
	s.closeStore()
	s.Base.Close()
}
