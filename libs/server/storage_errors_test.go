package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/kratos-monorepo/monorepo/libs/server"
)

// A database that does not answer is a 503 with a stable reason, not a bare 500: the client may
// retry, and the operator's alert names the cause. The error here is pgx's own, from a real
// connection attempt to a port nobody listens on.
func TestUnreachableStorageIs503(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, "postgres://app@"+addr+"/app?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	_, err = pool.Exec(ctx, "SELECT 1")
	if err == nil {
		t.Fatal("a query on a closed port succeeded")
	}
	got := server.ToKratos(fmt.Errorf("update training: %w", err))
	if got.Code != 503 || got.Reason != server.ReasonStorageUnavailable {
		t.Errorf("ToKratos(%v) = %d %s, want 503 %s", err, got.Code, got.Reason, server.ReasonStorageUnavailable)
	}
}

// A PostgreSQL server being stopped or started answers with error codes instead of refusing
// the connection: the connections it ends (57P01), the ones it refuses while shutting down or
// starting up (57P03), a connection pgx closed after that. All are the outage, a 503 with the
// storage reason, as seen in tools/faults' database fault; a fault of the statement or the
// data stays a 500.
func TestStoppingStorageIs503(t *testing.T) {
	t.Parallel()
	unavailable := map[string]error{
		"admin shutdown":     &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"},
		"shutting down":      fmt.Errorf("failed to connect: %w", &pgconn.PgError{Severity: "FATAL", Code: "57P03", Message: "the database system is shutting down"}),
		"crash shutdown":     &pgconn.PgError{Code: "57P02"},
		"connection failure": &pgconn.PgError{Code: "08006"},
		"too many clients":   &pgconn.PgError{Code: "53300"},
		"conn closed":        fmt.Errorf("update training: %w", pgconn.ErrConnClosed),
	}
	for name, err := range unavailable {
		if got := server.ToKratos(err); got.Code != 503 || got.Reason != server.ReasonStorageUnavailable {
			t.Errorf("%s: ToKratos(%v) = %d %s, want 503 %s", name, err, got.Code, got.Reason, server.ReasonStorageUnavailable)
		}
	}
	faults := map[string]error{
		"unique violation": &pgconn.PgError{Code: "23505"},
		"syntax error":     &pgconn.PgError{Code: "42601"},
		"query canceled":   &pgconn.PgError{Code: "57014"},
	}
	for name, err := range faults {
		if got := server.ToKratos(err); got.Code != 500 || got.Reason != server.ReasonInternal {
			t.Errorf("%s: ToKratos(%v) = %d %s, want 500 %s", name, err, got.Code, got.Reason, server.ReasonInternal)
		}
	}
}

// A full disk is a 503 of its own reason on both backends, with the SQLite error from a real
// write onto a full file system (a size-limited database file stands in for it: SQLite answers
// both with SQLITE_FULL).
func TestFullStorageIs503(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// max_page_count caps the file: the insert below needs more pages than it allows.
	for _, stmt := range []string{"PRAGMA max_page_count = 4", "CREATE TABLE t (v BLOB)"} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	_, sqliteErr := db.ExecContext(ctx, "INSERT INTO t VALUES (randomblob(100000))")
	if sqliteErr == nil {
		t.Fatal("an insert past max_page_count succeeded")
	}
	for name, err := range map[string]error{
		"sqlite":   fmt.Errorf("insert training: %w", sqliteErr),
		"postgres": &pgconn.PgError{Code: "53100", Message: "could not extend file: No space left on device"},
	} {
		if got := server.ToKratos(err); got.Code != 503 || got.Reason != server.ReasonStorageFull {
			t.Errorf("%s: ToKratos(%v) = %d %s, want 503 %s", name, err, got.Code, got.Reason, server.ReasonStorageFull)
		}
	}
}
