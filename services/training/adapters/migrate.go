package adapters

import (
	"context"
	"database/sql"
	"embed"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// Dialect names a SQL backend; each has its own migrations folder.
type Dialect = sqlstore.Dialect

// The dialects.
const (
	Postgres = sqlstore.Postgres
	SQLite   = sqlstore.SQLite
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the training service's schema history, recorded in its own version table.
var Migrations = sqlstore.Migrations{FS: migrationsFS, VersionTable: "goose_training_version"}

// Migrate brings the schema up to date. For PostgreSQL through a pgxpool.Pool use
// MigratePostgres.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	return sqlstore.Migrate(ctx, db, dialect, Migrations)
}
