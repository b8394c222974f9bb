package adapters_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// repository is what every backend implements: the aggregate's repository and the read model.
type repository interface {
	user.Repository
	query.UserReadModel
}

type backend struct {
	name string
	new  func(t *testing.T) repository
}

// backends lists every implementation the contract suite runs against.
var backends = []backend{
	{"memory", func(*testing.T) repository { return adapters.NewMemoryUserRepository() }},
	{"sqlite", func(t *testing.T) repository { return adapters.NewSQLiteUserRepository(newSQLite(t)) }},
	{"postgres", func(t *testing.T) repository { return adapters.NewPostgresUserRepository(newPostgres(t)) }},
}

func newSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := sqlstore.Migrate(context.Background(), db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return db
}

func newPostgres(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := sqlstore.MigratePool(ctx, pool, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return pool
}

// forEachBackend runs test against a fresh repository of every backend, in parallel.
func forEachBackend(t *testing.T, test func(t *testing.T, repo repository)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			test(t, b.new(t))
		})
	}
}
