// Package service is the trainer service's composition root: it builds storage, the application,
// the ports and the servers by plain constructor calls (manual dependency injection).
package service

import (
	"context"
	_ "embed"

	"github.com/go-kratos/kratos/v2"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
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
	storage     *storage
}

// New builds the service from bc. The hours section must be valid (the embedded defaults are);
// storage is opened and migrated here.
func New(ctx context.Context, bc *conf.Bootstrap, version string) (*Service, error) {
	factoryConfig := hour.FactoryConfig{
		MinUTCHour:          int(bc.GetHours().GetEarliestHour()),
		MaxUTCHour:          int(bc.GetHours().GetLatestHour()),
		MaxWeeksInTheFuture: int(bc.GetHours().GetMaxWeeksAhead()),
		MaxHoursPerChange:   int(bc.GetHours().GetMaxPerRequest()),
	}
	factory, err := hour.NewFactory(factoryConfig)
	if err != nil {
		return nil, err
	}
	base, err := server.NewBase(Name, version, bc)
	if err != nil {
		return nil, err
	}
	store, err := openStorage(ctx, bc.GetData().GetDatabase(), factory)
	if err != nil {
		base.Close()
		return nil, err
	}
	logger, m := base.Logger.Zap(), base.Metrics
	application := app.Application{
		Commands: app.Commands{
			MakeHoursAvailable:   command.NewMakeHoursAvailableHandler(store.hours, factory, logger, m),
			MakeHoursUnavailable: command.NewMakeHoursUnavailableHandler(store.hours, factory, logger, m),
			ScheduleTraining:     command.NewScheduleTrainingHandler(store.hours, factory, logger, m),
			CancelTraining:       command.NewCancelTrainingHandler(store.hours, logger, m),
		},
		Queries: app.Queries{
			Calendar: query.NewCalendarHandler(store.hours, factoryConfig, logger, m),
		},
	}
	srv := ports.NewServer(application)
	trainerv1.RegisterTrainerServiceHTTPServer(base.HTTP, srv)
	trainerv1.RegisterTrainerServiceServer(base.GRPC, srv)
	return &Service{Base: base, Application: application, storage: store}, nil
}

// Kratos is the kratos application serving the ports: Run blocks until SIGINT/SIGTERM or Stop.
func (s *Service) Kratos(opts ...kratos.Option) *kratos.App { return s.Base.App(opts...) }

// Close releases storage, logs and metrics.
func (s *Service) Close() {
	s.storage.close()
	s.Base.Close()
}
