package adapters_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/user/adapters"
)

// The service migrates on every start, so a second run must change nothing, and a restart must
// find the users stored before it.
func TestSQLiteKeepsUsersAcrossRestartsAndRemigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "users.db")
	db, err := adapters.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := adapters.Migrate(ctx, db, adapters.DialectSQLite); err != nil {
		t.Fatal(err)
	}
	u := addUser(t, adapters.NewSQLiteUserRepository(db), 4)
	db.Close()

	db, err = adapters.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := adapters.Migrate(ctx, db, adapters.DialectSQLite); err != nil {
		t.Fatalf("second Migrate() = %v", err)
	}
	assertBalance(t, adapters.NewSQLiteUserRepository(db), u.ID(), 4)
}

func TestPostgresRemigrationIsANoOp(t *testing.T) {
	t.Parallel()
	pool := newPostgres(t)
	repo := adapters.NewPostgresUserRepository(pool)
	u := addUser(t, repo, 2)
	if err := adapters.MigratePostgres(context.Background(), pool); err != nil {
		t.Fatalf("second MigratePostgres() = %v", err)
	}
	assertBalance(t, repo, u.ID(), 2)
}

func TestMigrateRejectsUnknownDialect(t *testing.T) {
	t.Parallel()
	db := newSQLite(t)
	if err := adapters.Migrate(context.Background(), db, "oracle"); err == nil {
		t.Error("Migrate(oracle) = nil, want an error")
	}
}
