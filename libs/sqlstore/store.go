package sqlstore

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// Backends are a service's constructors of its store, one per database kind. Each service's
// adapters implement the same store on both; the configuration picks one.
type Backends[T any] struct {
	SQLite   func(*sql.DB) T
	Postgres func(*pgxpool.Pool) T
}

// OpenStore opens and migrates the database cfg names (Open) and builds the service's store on
// it. close releases the database; call it after the last use of the store.
func OpenStore[T any](ctx context.Context, cfg *conf.Data_Database, defaultPath string, m Migrations, b Backends[T]) (store T, close func(), err error) {
	db, err := Open(ctx, cfg, defaultPath, m)
	if err != nil {
		return store, nil, err
	}
	if db.SQLite != nil {
		return b.SQLite(db.SQLite), db.Close, nil
	}
	return b.Postgres(db.Postgres), db.Close, nil
}
