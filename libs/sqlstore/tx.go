package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// Querier runs SQL: *sql.DB, *sql.Conn, *sql.Tx and *Tx all do, so a repository's helpers
// work inside and outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a transaction whose statements are the Statements' prepared ones. Under 20 concurrent
// bookings, parsing the write transactions' SQL again on every call (sqlite3_prepare_v2) was
// 14-16% of each service's CPU, all of it while holding the database's only connection.
type Tx struct {
	tx *sql.Tx
	s  *Statements
	// missed are the queries run here that had no prepared statement yet; InTx prepares them
	// once the transaction has given the connection back.
	missed []string
}

var _ Querier = (*Tx)(nil)

// InTx runs f in a transaction (BEGIN IMMEDIATE on a database from OpenSQLite: the write lock is
// taken first, so read-modify-write transactions run one after the other) and commits it unless
// f fails. A query f runs for the first time is run unprepared and prepared afterwards: a
// database from OpenSQLite has one connection, which the transaction holds.
func (s *Statements) InTx(ctx context.Context, f func(*Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, s: s}
	defer s.prepareMissed(ctx, tx)
	if err := f(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (s *Statements) prepareMissed(ctx context.Context, tx *Tx) {
	for _, q := range tx.missed {
		// A statement that fails to prepare is simply run unprepared again next time, where
		// its error (if it is not a passing one) reaches the caller.
		_, _ = s.prepared(ctx, q)
	}
}

// stmt is query's prepared statement bound to this transaction, or nil when there is none yet.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	st := t.s.cached(query)
	if st == nil {
		t.missed = append(t.missed, query)
		return nil
	}
	// The statement was prepared on the connection the transaction holds, so database/sql
	// reuses it rather than preparing it again.
	return t.tx.StmtContext(ctx, st)
}

// ExecContext runs a statement that returns no rows.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query for at most one row.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
