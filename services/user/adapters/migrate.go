// Package adapters holds the user service's outbound implementations: user repositories and
// read models on memory, SQLite and PostgreSQL, and their schema migrations.
package adapters

import (
	"context"
	"database/sql"
	"embed"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// Dialect selects the migrations of one database.
type Dialect = sqlstore.Dialect

// The supported dialects; they name the folders under migrations/.
const (
	DialectPostgres = sqlstore.Postgres
	DialectSQLite   = sqlstore.SQLite
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the user service's schema history, recorded in its own version table.
var Migrations = sqlstore.Migrations{FS: migrationsFS, VersionTable: "goose_user_version"}

// Migrate applies all pending migrations of dialect to db.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	return sqlstore.Migrate(ctx, db, dialect, Migrations)
}

// MigratePostgres applies the PostgreSQL migrations through pool.
func MigratePostgres(ctx context.Context, pool *pgxpool.Pool) error {
	return sqlstore.MigratePool(ctx, pool, Migrations)
}
