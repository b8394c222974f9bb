package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// fill commits rows until the WAL holds a few hundred pages (far below the backstop).
func fill(t *testing.T, path string) (db interface{ Close() error }, size func() int64) {
	t.Helper()
	ctx := context.Background()
	d, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `CREATE TABLE t (v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := d.ExecContext(ctx, `INSERT INTO t VALUES (?)`, string(make([]byte, 1000))+string(rune('a'+i%26))); err != nil {
			t.Fatal(err)
		}
	}
	return d, func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
}

// Commits leave checkpoints to the checkpointer: with it off, 300 commits stay in the WAL (the
// backstop is far), and with it on they reach the database file within a few ticks.
func TestCheckpointsRunOffTheCommitPath(t *testing.T) {
	restore := sqlstore.SetBackgroundCheckpoints(false)
	off, offSize := fill(t, filepath.Join(t.TempDir(), "off.db"))
	restore()
	defer off.Close()
	on, onSize := fill(t, filepath.Join(t.TempDir(), "on.db"))
	defer on.Close()
	// SQLite's default checkpoints at 1,000 pages; 300 rows of 1 KB are about 75 pages of
	// table, and every commit rewrites some, so the WAL is past 300 frames but not 1,000.
	const copiedTable = 50 * 4096
	deadline := time.Now().Add(15 * time.Second)
	for onSize() < copiedTable {
		if time.Now().After(deadline) {
			t.Fatalf("after 15 s the database file is %d bytes: the checkpointer copied nothing", onSize())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := offSize(); n >= copiedTable {
		t.Errorf("without the checkpointer the file is %d bytes: commits checkpointed by themselves", n)
	}
}

// Closing the database stops its checkpointer, and a second Close is harmless.
func TestCloseStopsTheCheckpointer(t *testing.T) {
	before := sqlstore.RunningCheckpointers()
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	if n := sqlstore.RunningCheckpointers(); n != before+1 {
		t.Fatalf("%d checkpointers run after opening a database, want %d", n, before+1)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := sqlstore.RunningCheckpointers(); n != before {
		t.Errorf("%d checkpointers run after Close, want %d", n, before)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// After a burst the -wal file shrinks back to journal_size_limit once the checkpointer has
// copied it and a later commit starts the WAL over; before the limit it kept the burst's size.
func TestTheWALShrinksAfterABurst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "burst.db")
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (v BLOB)`); err != nil {
		t.Fatal(err)
	}
	// One transaction of 12 MiB: the WAL cannot be checkpointed part-way through it.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 12 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES (?)`, make([]byte, 1<<20)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wal := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	if n := wal(); n < 12<<20 {
		t.Fatalf("the burst left a WAL of %d bytes, want at least 12 MiB (the test's premise)", n)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		// Each commit after a complete checkpoint starts the WAL over, and cuts the file.
		if _, err := db.ExecContext(ctx, `INSERT INTO t VALUES (x'00')`); err != nil {
			t.Fatal(err)
		}
		if n := wal(); n <= 4<<20 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("15 s after the burst the WAL is still %d bytes, want at most 4 MiB", wal())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
