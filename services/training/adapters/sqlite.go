package adapters

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// OpenSQLite opens (creating if needed) the SQLite database file at path. It does not
// migrate: call Migrate(ctx, db, SQLite) on start, so a migrate command can use it too.
//
// Transactions start with BEGIN IMMEDIATE: a transaction takes the write lock before it reads,
// so two updates of one training cannot both read the old row; the busy timeout makes the
// second one wait instead of failing. WAL lets the lists be read during a write.
func OpenSQLite(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// sql.Open only validates its arguments: reach the file now, so a wrong path fails start-up.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}
