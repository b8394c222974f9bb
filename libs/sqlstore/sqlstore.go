// Package sqlstore opens a service's database, SQLite (the embedded default: a file, no server)
// or PostgreSQL, and brings its schema up to date with the service's goose migrations. The
// repositories themselves stay in each service's adapters.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // the pure-Go SQLite driver

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Dialect names a database kind; a service's migrations have one folder per dialect.
type Dialect string

// The dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Errors of a configuration that names no database this package can open.
var (
	ErrUnknownDriver  = errs.Invalid("database-driver-unknown", "data.database.driver must be sqlite or postgres")
	ErrUnknownDialect = errs.Invalid("database-dialect-unknown", "migrations exist for sqlite and postgres only")
)

// Migrations are a service's schema history: migrations/<dialect>/NNNNN_<name>.sql files (an
// embed.FS of the folder "migrations"), recorded in the table VersionTable. The table is per
// service, so services sharing one database keep separate histories.
type Migrations struct {
	FS           fs.FS
	VersionTable string
}

// Database is one open, migrated database: either SQLite or Postgres is set.
type Database struct {
	SQLite   *sql.DB
	Postgres *pgxpool.Pool
}

// Close closes whichever database is open.
func (d Database) Close() {
	if d.SQLite != nil {
		d.SQLite.Close()
	}
	if d.Postgres != nil {
		d.Postgres.Close()
	}
}

// Open opens the database cfg names (SQLite at defaultPath when it names none) and applies the
// migrations it lacks.
func Open(ctx context.Context, cfg *conf.Data_Database, defaultPath string, m Migrations) (Database, error) {
	switch cfg.GetDriver() {
	case "", string(SQLite):
		path := cfg.GetSource()
		if path == "" {
			path = defaultPath
		}
		db, err := OpenSQLite(ctx, path)
		if err != nil {
			return Database{}, err
		}
		if err := Migrate(ctx, db, SQLite, m); err != nil {
			db.Close()
			return Database{}, err
		}
		return Database{SQLite: db}, nil
	case string(Postgres):
		pool, err := OpenPostgres(ctx, cfg.GetSource())
		if err != nil {
			return Database{}, err
		}
		if err := MigratePool(ctx, pool, m); err != nil {
			pool.Close()
			return Database{}, err
		}
		return Database{Postgres: pool}, nil
	}
	return Database{}, ErrUnknownDriver
}

// OpenSQLite opens (creating it and its folder if needed) the database file at path.
// database/sql transactions start with BEGIN IMMEDIATE (_txlock), taking the write lock before
// reading, so two read-modify-write transactions run one after the other; busy_timeout makes
// the second wait for the lock instead of failing; WAL lets readers work during a write.
//
// synchronous=NORMAL (SQLite's default is FULL): in WAL mode a commit is appended to the WAL
// without waiting for fsync, which happens at checkpoints. A commit is still durable when the
// process dies (kill -9: the WAL is in the kernel's page cache; tools/faults kills services
// this way and finds no violation), and the file is never corrupted; only an operating-system
// crash or a power loss can lose the last commits, which would leave a training whose booking
// one service remembers and another does not. Where that matters, use PostgreSQL. With FULL
// every commit waited for the disk: a booking makes four (training twice, trainer, user), and
// at 20 concurrent bookings the p99 was 327 ms against 64 ms with NORMAL (tools/bench side).
// Checkpoints (the copies from the WAL into the file, with their fsyncs) run on a connection
// of their own, not in the commit that fills the WAL (checkpoint.go).
func OpenSQLite(ctx context.Context, path string) (*sql.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Checkpoints run on a connection of their own (checkpoint.go); commits only as a backstop.
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", backstopPages))
	// The -wal file keeps the size of its longest run between checkpoints (up to the backstop,
	// 32 MiB) unless told otherwise: after a burst each database held that much disk for good,
	// and on a small volume the WALs alone filled it (tools/faults' disk fault, 64 MiB tmpfs).
	// With a limit the file is cut back to it when the WAL starts over after a checkpoint.
	q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walSizeLimit))
	dsn := "file:" + path + "?" + q.Encode()
	ckpt := sql.OpenDB(tracedConnector{dsn: dsn, driver: &sqlite.Driver{}})
	ckpt.SetMaxOpenConns(1)
	if err := ckpt.PingContext(ctx); err != nil {
		ckpt.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	checkpoints := startCheckpointer(ckpt, checkpointEvery)
	// Every statement a traced request runs is a span (trace.go). Closing db stops the
	// checkpointer (database/sql closes its connector last).
	db := sql.OpenDB(tracedConnector{dsn: dsn, driver: &sqlite.Driver{}, closer: checkpoints})
	// One connection: SQLite has one writer at a time anyway, and with more connections the
	// waiting writers sleep in SQLite's busy handler (up to 100 ms per wake-up) instead of
	// queueing; database/sql's pool queues them in order. Reads are short and share it.
	db.SetMaxOpenConns(1)
	// sql.Open only checks its arguments: reach the file now, so a bad path fails start-up.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

// OpenPostgres connects a pool to dsn and checks the server answers. Every statement a traced
// request runs is a span (trace.go).
func OpenPostgres(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	cfg.ConnConfig.Tracer = pgxTracer{}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return pool, nil
}

var gooseDialects = map[Dialect]goose.Dialect{Postgres: goose.DialectPostgres, SQLite: goose.DialectSQLite3}

// Migrate applies the pending migrations of dialect to db. It uses a goose Provider rather
// than goose's package-level state, so several databases can be migrated at once.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect, m Migrations) error {
	gd, ok := gooseDialects[dialect]
	if !ok {
		return ErrUnknownDialect
	}
	dir, err := fs.Sub(m.FS, "migrations/"+string(dialect))
	if err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	p, err := goose.NewProvider(gd, db, dir, goose.WithTableName(m.VersionTable))
	if err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", dialect, err)
	}
	return nil
}

// MigratePool runs the PostgreSQL migrations over a pgx pool (through database/sql, as goose
// needs).
func MigratePool(ctx context.Context, pool *pgxpool.Pool, m Migrations) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	return Migrate(ctx, db, Postgres, m)
}

// InImmediateTx runs f in a transaction started with BEGIN IMMEDIATE, which takes SQLite's write
// lock up front: two read-modify-write transactions then run one after the other instead of
// both reading the old value. (Databases from OpenSQLite also begin database/sql transactions
// IMMEDIATE; this is for code that works on one *sql.Conn.)
func InImmediateTx(ctx context.Context, db *sql.DB, f func(*sql.Conn) error) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// Not ctx: a cancelled caller must still leave no transaction open on a pooled connection.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := f(conn); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}
