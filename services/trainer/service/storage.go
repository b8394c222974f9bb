package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// ErrUnknownDriver stops the service when the configured database is neither kind it knows.
var ErrUnknownDriver = errs.Invalid("database-driver-unknown", "data.database.driver must be sqlite or postgres")

// hoursStore is what every backend's repository is: the aggregate's repository and the
// calendar's read model over the same table.
type hoursStore interface {
	hour.Repository
	query.CalendarReadModel
}

type storage struct {
	hours hoursStore
	close func()
}

// openStorage opens the configured database and applies the migrations it lacks.
func openStorage(ctx context.Context, db *conf.Data_Database, factory hour.Factory) (*storage, error) {
	switch db.GetDriver() {
	case "", "sqlite":
		path := db.GetSource()
		if path == "" {
			path = "data/trainer.db"
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		sqlDB, err := adapters.OpenSQLite(path)
		if err != nil {
			return nil, err
		}
		if err := adapters.Migrate(ctx, sqlDB, adapters.DialectSQLite); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("migrate %s: %w", path, err)
		}
		return &storage{hours: adapters.NewSQLiteHourRepository(sqlDB, factory), close: func() { sqlDB.Close() }}, nil
	case "postgres":
		pool, err := pgxpool.New(ctx, db.GetSource())
		if err != nil {
			return nil, err
		}
		if err := adapters.MigratePostgres(ctx, pool); err != nil {
			pool.Close()
			return nil, fmt.Errorf("migrate postgres: %w", err)
		}
		return &storage{hours: adapters.NewPostgresHourRepository(pool, factory), close: pool.Close}, nil
	}
	return nil, ErrUnknownDriver
}
