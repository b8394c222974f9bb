package adapters

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// OpenPostgres connects a pool to the database at dsn and checks it answers. It does not
// migrate: call MigratePostgres on start.
func OpenPostgres(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	return sqlstore.OpenPostgres(ctx, dsn)
}

// MigratePostgres runs Migrate over a pgx pool.
func MigratePostgres(ctx context.Context, pool *pgxpool.Pool) error {
	return sqlstore.MigratePool(ctx, pool, Migrations)
}
