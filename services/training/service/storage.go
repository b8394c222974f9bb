package service

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app"
)

type storage struct {
	trainings app.Storage // every repository in adapters: trainings, lists and operations
	close     func()
}

// openStorage opens the configured database (SQLite by default) and applies the migrations it
// lacks.
func openStorage(ctx context.Context, cfg *conf.Data_Database) (*storage, error) {
	db, err := sqlstore.Open(ctx, cfg, "data/training.db", adapters.Migrations)
	if err != nil {
		return nil, err
	}
	if db.SQLite != nil {
		return &storage{trainings: adapters.NewSQLiteTrainingRepository(db.SQLite), close: db.Close}, nil
	}
	return &storage{trainings: adapters.NewPostgresTrainingRepository(db.Postgres), close: db.Close}, nil
}
