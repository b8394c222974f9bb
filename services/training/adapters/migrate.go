package adapters

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Dialect names a SQL backend; each has its own migrations folder.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

//go:embed migrations
var migrations embed.FS

var gooseDialects = map[Dialect]goose.Dialect{
	Postgres: goose.DialectPostgres,
	SQLite:   goose.DialectSQLite3,
}

// Migrate brings the schema up to date. It uses a goose Provider rather than goose's
// package-level state, so several databases can be migrated at once (parallel tests).
// For PostgreSQL through a pgxpool.Pool pass stdlib.OpenDBFromPool(pool).
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	gd, ok := gooseDialects[dialect]
	if !ok {
		return fmt.Errorf("migrate: unknown dialect %q", dialect)
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(dialect))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(gd, db, dir)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	return nil
}
