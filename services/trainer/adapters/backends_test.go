package adapters_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// now is the fixed clock of these tests: Thursday 2026-11-26 10:30 UTC.
var now = time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)

var factory = func() hour.Factory {
	f, err := hour.NewFactory(hour.FactoryConfig{MaxWeeksInTheFuture: 4, MinUTCHour: 6, MaxUTCHour: 22},
		hour.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	return f
}()

// tomorrowAt is a valid hour of the calendar.
func tomorrowAt(h int) time.Time { return time.Date(2026, 11, 27, h, 0, 0, 0, time.UTC) }

// repository is what every backend implements: the aggregate's repository and the read model.
type repository interface {
	hour.Repository
	query.CalendarReadModel
}

var backends = []struct {
	name string
	new  func(t *testing.T) repository
}{
	{"memory", func(*testing.T) repository { return adapters.NewMemoryHourRepository(factory) }},
	{"sqlite", func(t *testing.T) repository { return adapters.NewSQLiteHourRepository(newSQLite(t), factory) }},
	{"postgres", func(t *testing.T) repository { return adapters.NewPostgresHourRepository(newPostgres(t), factory) }},
}

func newSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "trainer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := sqlstore.Migrate(context.Background(), db, sqlstore.SQLite, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return db
}

// newPostgres allows 20 connections so that concurrent tests really contend in the database.
func newPostgres(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	config, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	config.MaxConns = 20
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := sqlstore.MigratePool(ctx, pool, adapters.Migrations); err != nil {
		t.Fatal(err)
	}
	return pool
}

func forEachBackend(t *testing.T, test func(t *testing.T, repo repository)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			test(t, b.new(t))
		})
	}
}
