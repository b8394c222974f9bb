package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// ErrUnknownDriver stops the service when the configured database is neither kind it knows.
var ErrUnknownDriver = errs.Invalid("database-driver-unknown", "data.database.driver must be sqlite or postgres")

type usersStore interface {
	user.Repository
	query.UserReadModel
}

type storage struct {
	users usersStore
	close func()
}

// openStorage opens the configured database and applies the migrations it lacks.
func openStorage(ctx context.Context, db *conf.Data_Database) (*storage, error) {
	switch db.GetDriver() {
	case "", "sqlite":
		path := db.GetSource()
		if path == "" {
			path = "data/user.db"
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
		return &storage{users: adapters.NewSQLiteUserRepository(sqlDB), close: func() { sqlDB.Close() }}, nil
	case "postgres":
		pool, err := pgxpool.New(ctx, db.GetSource())
		if err != nil {
			return nil, err
		}
		if err := adapters.MigratePostgres(ctx, pool); err != nil {
			pool.Close()
			return nil, fmt.Errorf("migrate postgres: %w", err)
		}
		return &storage{users: adapters.NewPostgresUserRepository(pool), close: pool.Close}, nil
	}
	return nil, ErrUnknownDriver
}
