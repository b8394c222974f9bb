package pgtest_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", dsn, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestDatabaseIsUsable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.NewDatabase(t))

	if _, err := conn.Exec(ctx, `CREATE TABLE hours (hour timestamptz PRIMARY KEY, available bool NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO hours VALUES ('2026-11-27 10:00Z', true), ('2026-11-27 11:00Z', false)`); err != nil {
		t.Fatal(err)
	}
	var available int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM hours WHERE available`).Scan(&available); err != nil {
		t.Fatal(err)
	}
	if available != 1 {
		t.Errorf("available hours = %d, want 1", available)
	}
}

func TestDatabasesAreIsolated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	first, second := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if first == second {
		t.Fatalf("both databases have DSN %s", first)
	}
	a, b := connect(t, first), connect(t, second)

	if _, err := a.Exec(ctx, `CREATE TABLE users (id int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	_, err := b.Exec(ctx, `SELECT * FROM users`)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" { // undefined_table
		t.Fatalf("reading the other database's table: err = %v, want undefined_table", err)
	}
}

func TestDatabaseIsDroppedWhenTestEnds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var name string
	t.Run("user", func(t *testing.T) {
		conn := connect(t, pgtest.NewDatabase(t))
		if err := conn.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
	})
	admin := connect(t, pgtest.NewDatabase(t))
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT exists(SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if name == "" || exists {
		t.Errorf("database %q still exists after its test ended", name)
	}
}

// A fault test stops the server and starts it again: the DSN it was given fails while the
// server is down (a refused connection, never a hang) and works again afterwards, with the
// committed rows still there, after a fast stop as after an immediate (crash-like) one. Not
// parallel: every database of the binary goes down with the server.
func TestStopAndStartServer(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	conn := connect(t, dsn)
	// Without it, the immediate stop loses the last commit (the cluster's synchronous_commit=off).
	if _, err := conn.Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$`); err != nil {
		t.Fatal(err)
	}
	conn = connect(t, dsn)
	if _, err := conn.Exec(ctx, `CREATE TABLE kept (n int)`); err != nil {
		t.Fatal(err)
	}
	for i, how := range []syscall.Signal{pgtest.StopFast, pgtest.StopImmediate} {
		if _, err := conn.Exec(ctx, `INSERT INTO kept VALUES ($1)`, i); err != nil {
			t.Fatalf("insert before stop %d: %v", i, err)
		}
		if err := pgtest.StopServer(how); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `SELECT 1`); err == nil {
			t.Fatalf("stop %d: a query on the open connection succeeded with the server down", i)
		}
		down, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := pgx.Connect(down, dsn)
		cancel()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("stop %d: connecting while the server is down: %v, want a refusal at once", i, err)
		}
		if err := pgtest.StartServer(); err != nil {
			t.Fatal(err)
		}
		conn = connect(t, dsn)
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM kept`).Scan(&n); err != nil {
			t.Fatalf("after start %d: %v", i, err)
		}
		if n != i+1 {
			t.Errorf("after start %d: %d rows kept, want %d", i, n, i+1)
		}
	}
}
