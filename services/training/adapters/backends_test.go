package adapters_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/services/training/adapters"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// repository is what every backend offers: the domain's repository, the read models and the
// operations.
type repository interface {
	training.Repository
	query.AllTrainingsReadModel
	query.TrainingsForUserReadModel
	command.Operations
}

type backend struct {
	name string
	open func(t testing.TB) repository
}

// backends are the storages the contract suite runs against; each test gets an empty one.
var backends = []backend{
	{"memory", func(testing.TB) repository { return adapters.NewMemoryTrainingRepository() }},
	{"sqlite", func(t testing.TB) repository {
		return adapters.NewSQLiteTrainingRepository(openSQLite(t, filepath.Join(t.TempDir(), "training.db")))
	}},
	{"postgres", func(t testing.TB) repository { return adapters.NewPostgresTrainingRepository(openPostgres(t)) }},
}

func openSQLite(t testing.TB, path string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := sqlstore.Migrate(ctx, db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return db
}

func openPostgres(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := sqlstore.OpenPostgres(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := sqlstore.MigratePool(ctx, pool, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return pool
}
