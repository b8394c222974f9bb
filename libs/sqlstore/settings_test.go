package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// The settings OpenSQLite's comment promises: WAL, synchronous NORMAL, one connection.
func TestOpenSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	var synchronous int
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&synchronous); err != nil || synchronous != 1 {
		t.Errorf("synchronous = %d, %v; want 1 (NORMAL)", synchronous, err)
	}
	if n := db.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", n)
	}
}
