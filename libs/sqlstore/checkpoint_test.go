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
