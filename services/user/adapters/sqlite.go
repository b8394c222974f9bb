package adapters

import (
	"context"
	"database/sql"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// OpenSQLite opens (creating it if needed) the database file at path (libs/sqlstore).
func OpenSQLite(path string) (*sql.DB, error) {
	return sqlstore.OpenSQLite(context.Background(), path)
}

// inImmediateTx runs f in a transaction started with BEGIN IMMEDIATE, which takes SQLite's write
// lock up front: two read-modify-write transactions then run one after the other instead of
// both reading the old value (database/sql's BEGIN is DEFERRED and would allow that).
func inImmediateTx(ctx context.Context, db *sql.DB, f func(*sql.Conn) error) (err error) {
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
