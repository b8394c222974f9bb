package adapters_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
)

// The service migrates on every start, so a second run must change nothing, and a restart must
// find the users stored before it.
func TestSQLiteKeepsUsersAcrossRestartsAndRemigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "users.db")
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	u := addUser(t, adapters.NewSQLiteUserRepository(db), 4)
	db.Close()

	db, err = sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatalf("second Migrate() = %v", err)
	}
	assertBalance(t, adapters.NewSQLiteUserRepository(db), u.ID(), 4)
}

func TestPostgresRemigrationIsANoOp(t *testing.T) {
	t.Parallel()
	pool := newPostgres(t)
	repo := adapters.NewPostgresUserRepository(pool)
	u := addUser(t, repo, 2)
	if err := sqlstore.MigratePool(context.Background(), pool, adapters.Migrations); err != nil {
		t.Fatalf("second migration run = %v", err)
	}
	assertBalance(t, repo, u.ID(), 2)
}

func TestMigrateRejectsUnknownDialect(t *testing.T) {
	t.Parallel()
	db := newSQLite(t)
	if err := sqlstore.Migrate(context.Background(), db, "oracle", adapters.Migrations); err == nil {
		t.Error("Migrate(oracle) = nil, want an error")
	}
}
