package adapters_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
)

func TestMigrateRefusesUnknownDialect(t *testing.T) {
	t.Parallel()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(context.Background(), db, "oracle", adapters.Migrations); err == nil {
		t.Error("Migrate accepted an unknown dialect")
	}
}

// Running the migrations again on a current schema is what every restart does.
func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openSQLite(t, filepath.Join(t.TempDir(), "training.db"))
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Errorf("sqlite, second run: %v", err)
	}
	pool := openPostgres(t)
	if err := sqlstore.MigratePool(ctx, pool, adapters.Migrations); err != nil {
		t.Errorf("postgres, second run: %v", err)
	}
}

func TestOpenSQLiteFailsOnAnUnreachablePath(t *testing.T) {
	t.Parallel()
	// A folder cannot be made below a regular file.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(file, "training.db")); err == nil {
		db.Close()
		t.Error("OpenSQLite accepted a path below a regular file")
	}
}
