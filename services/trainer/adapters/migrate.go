// Package adapters holds the trainer service's outbound implementations: hour repositories and
// calendar read models on memory, SQLite and PostgreSQL, and their schema migrations.
package adapters

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// Dialect selects the migrations of one database.
type Dialect string

// The supported dialects; they name the folders under migrations/.
const (
	DialectPostgres Dialect = "postgres"
	DialectSQLite   Dialect = "sqlite"
)

//go:embed migrations
var migrations embed.FS

// versionTable is per service so that services sharing one database keep separate histories.
const versionTable = "goose_trainer_version"

// Migrate applies all pending migrations of dialect to db.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	var gooseDialect goose.Dialect
	switch dialect {
	case DialectPostgres:
		gooseDialect = goose.DialectPostgres
	case DialectSQLite:
		gooseDialect = goose.DialectSQLite3
	default:
		return fmt.Errorf("migrate: unknown dialect %q", dialect)
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(dialect))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	provider, err := goose.NewProvider(gooseDialect, db, dir, goose.WithTableName(versionTable))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	return nil
}

// MigratePostgres applies the PostgreSQL migrations through pool.
func MigratePostgres(ctx context.Context, pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	return Migrate(ctx, db, DialectPostgres)
}
