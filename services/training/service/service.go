// Package service is the training service's composition root: it builds storage, the clients
// of the trainer and user services, the application, the ports and the servers by plain
// constructor calls (manual dependency injection).
package service

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"io"
	"time"

	"github.com/go-kratos/kratos/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
	"github.com/kratos-monorepo/monorepo/services/training/ports"
)

// Name is the service's name in logs, metrics and the registry.
const Name = "training"

// DefaultConfig is embedded so the binary runs with no -conf folder.
//
//go:embed config.yaml
var DefaultConfig []byte

// Service is the built service: run Kratos(), then Close it.
type Service struct {
	*server.Base
	Application app.Application
	trainings   Store
	closeStore  func()
	upstreams   *upstreams
	poll        time.Duration // how often the saga's worker looks for operations to resume
}

// New builds the service from bc. Storage is opened and migrated here; the connections to the
// other services are made on their first call, so the service starts while they are down.
func New(ctx context.Context, bc *conf.Bootstrap, version string, opts ...Option) (*Service, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	var settings Settings
	if err := conf.DecodeSettings(bc, &settings); err != nil {
		return nil, err
	}
	base, err := server.NewBase(Name, version, bc)
	if err != nil {
		return nil, err
	}
	trainings, closeStore, err := sqlstore.OpenStore(ctx, bc.GetData().GetDatabase(), "data/training.db",
		adapters.Migrations, sqlstore.Backends[Store]{
			SQLite:   func(db *sql.DB) Store { return adapters.NewSQLiteTrainingRepository(db) },
			Postgres: func(p *pgxpool.Pool) Store { return adapters.NewPostgresTrainingRepository(p) },
		})
	if err != nil {
		base.Close()
		return nil, err
	}
	ups, err := connectUpstreams(ctx, base, bc, o)
	if err != nil {
		closeStore()
		base.Close()
		return nil, err
	}
	ops := settings.GetOperations()
	saga := command.SagaConfig{
		Wait: ops.GetWait().AsDuration(), Lease: ops.GetLease().AsDuration(),
		RetryMin: ops.GetRetryMin().AsDuration(), RetryMax: ops.GetRetryMax().AsDuration(),
		StuckAfter: int(ops.GetStuckAfter()),
	}
	application := NewApplication(trainings, ups.trainers, ups.users, o.now, saga, base.Logger.Zap(), base.Metrics)
	srv := ports.NewServer(application)
	trainingv1.RegisterTrainingServiceHTTPServer(base.HTTP, srv)
	trainingv1.RegisterTrainingServiceServer(base.GRPC, srv)
	return &Service{
		Base: base, Application: application, trainings: trainings, closeStore: closeStore,
		upstreams: ups, poll: ops.GetPoll().AsDuration(),
	}, nil
}

// Store is what the service keeps in its own database: the trainings, their read model and the
// operations that change them together with the other services. The adapters implement all
// three in one type per backend.
type Store interface {
	training.Repository
	query.AllTrainingsReadModel
	query.TrainingsForUserReadModel
	command.Operations
}

// NewApplication builds every handler. now is the clock of the 24-hour rules (tests pass a
// fixed one); zero fields of saga keep its defaults; logger and metrics may be nil in tests.
func NewApplication(
	store Store,
	trainers command.TrainerService,
	users command.UserService,
	now func() time.Time,
	saga command.SagaConfig,
	logger *zap.Logger,
	m decorator.MetricsClient,
) app.Application {
	operations := command.NewSaga(store, trainers, users, now, saga, logger, m)
	return app.Application{
		Saga: operations,
		Commands: app.Commands{
			ScheduleTraining:          command.NewScheduleTrainingHandler(operations, logger, m),
			CancelTraining:            command.NewCancelTrainingHandler(operations, now, logger, m),
			RescheduleTraining:        command.NewRescheduleTrainingHandler(operations, now, logger, m),
			RequestTrainingReschedule: command.NewRequestTrainingRescheduleHandler(store, logger, m),
			ApproveTrainingReschedule: command.NewApproveTrainingRescheduleHandler(operations, logger, m),
			RejectTrainingReschedule:  command.NewRejectTrainingRescheduleHandler(store, logger, m),
		},
		Queries: app.Queries{
			AllTrainings:     query.NewAllTrainingsHandler(store, now, logger, m),
			TrainingsForUser: query.NewTrainingsForUserHandler(store, now, logger, m),
		},
	}
}

// Kratos is the kratos application serving the ports, with the saga's worker beside them: it
// resumes the operations a crash left unfinished and retries those that failed for a while.
// Run blocks until SIGINT/SIGTERM or Stop.
func (s *Service) Kratos(opts ...kratos.Option) *kratos.App {
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	worker := func(context.Context) error {
		go func() {
			defer close(done)
			s.Application.Saga.Work(ctx, s.poll)
		}()
		return nil
	}
	stopWorker := func(context.Context) error {
		stop()
		<-done
		return nil
	}
	return s.Base.App(append([]kratos.Option{kratos.AfterStart(worker), kratos.AfterStop(stopWorker)}, opts...)...)
}

// Commands are the service's operator commands (`training -run <name>`, libs/runner).
func (s *Service) Commands() map[string]runner.Command {
	return map[string]runner.Command{"operations": s.printUnfinished}
}

// printUnfinished writes every unfinished operation, one JSON object per line, oldest first:
// what an operator looks at when the stuck-operation alert fires.
func (s *Service) printUnfinished(ctx context.Context, out io.Writer) error {
	ops, err := s.trainings.Unfinished(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	for _, op := range ops {
		if err := enc.Encode(op); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the connections, storage, logs and metrics; call it after the app stopped.
func (s *Service) Close() {
	s.upstreams.closeAll()
	s.closeStore()
	s.Base.Close()
}
