package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// ErrUnknownDriver stops the service when the configured database is neither kind it knows.
var ErrUnknownDriver = errs.Invalid("database-driver-unknown", "data.database.driver must be sqlite or postgres")

// defaultSQLitePath is used when the config names no file.
const defaultSQLitePath = "data/training.db"

// trainingsStore is what every repository in adapters is: the aggregate's repository and the
// lists' read model.
type trainingsStore interface {
	training.Repository
	app.ReadModel
}

type storage struct {
	trainings trainingsStore
	close     func()
}

// openStorage opens the configured database and applies the migrations it lacks.
func openStorage(ctx context.Context, db *conf.Data_Database) (*storage, error) {
	switch db.GetDriver() {
	case "", "sqlite":
		path := db.GetSource()
		if path == "" {
			path = defaultSQLitePath
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		sqlDB, err := adapters.OpenSQLite(ctx, path)
		if err != nil {
			return nil, err
		}
		if err := adapters.Migrate(ctx, sqlDB, adapters.SQLite); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("migrate %s: %w", path, err)
		}
		return &storage{trainings: adapters.NewSQLiteTrainingRepository(sqlDB), close: func() { sqlDB.Close() }}, nil
	case "postgres":
		pool, err := adapters.OpenPostgres(ctx, db.GetSource())
		if err != nil {
			return nil, err
		}
		if err := adapters.MigratePostgres(ctx, pool); err != nil {
			pool.Close()
			return nil, fmt.Errorf("migrate postgres: %w", err)
		}
		return &storage{trainings: adapters.NewPostgresTrainingRepository(pool), close: pool.Close}, nil
	}
	return nil, ErrUnknownDriver
}
