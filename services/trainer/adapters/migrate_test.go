package adapters_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// The service migrates on every start, so a second run must change nothing, and a restart must
// find the hours stored before it.
func TestSQLiteKeepsHoursAcrossRestartsAndRemigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trainer.db")
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	update(t, adapters.NewSQLiteHourRepository(db, factory), tomorrowAt(12), (*hour.Hour).MakeAvailable)
	db.Close()

	db, err = sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatalf("second Migrate() = %v", err)
	}
	assertAvailability(t, adapters.NewSQLiteHourRepository(db, factory), tomorrowAt(12), hour.Available)
}

func TestPostgresRemigrationIsANoOp(t *testing.T) {
	t.Parallel()
	pool := newPostgres(t)
	repo := adapters.NewPostgresHourRepository(pool, factory)
	update(t, repo, tomorrowAt(12), (*hour.Hour).MakeAvailable)
	if err := sqlstore.MigratePool(context.Background(), pool, adapters.Migrations); err != nil {
		t.Fatalf("second migration run = %v", err)
	}
	assertAvailability(t, repo, tomorrowAt(12), hour.Available)
}
