package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// Statements prepares each query text once and reuses the prepared statement, so a hot read
// does not have SQLite parse and plan its SQL again on every call (with the pure-Go driver,
// sqlite3_prepare_v2 was about 4% of the trainer's CPU under a calendar load; libs/sqlstore's
// SQLite databases have one connection, so a statement is prepared once in all). database/sql
// prepares a statement again by itself on any other connection it runs on. InTx runs write
// transactions on the same prepared statements.
type Statements struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// NewStatements caches statements prepared on db.
func NewStatements(db *sql.DB) *Statements {
	return &Statements{db: db, stmts: map[string]*sql.Stmt{}}
}

func (s *Statements) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := s.cached(query); st != nil {
		return st, nil
	}
	// Not under s.mu: preparing waits for the connection, which a transaction may hold while it
	// looks up its own statements (Tx), and that lookup takes s.mu.
	// Not the caller's ctx: the statement outlives this call, and a cancelled caller must not
	// leave a half-prepared entry behind.
	st, err := s.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if first, ok := s.stmts[query]; ok {
		_ = st.Close() // another caller prepared it meanwhile
		return first, nil
	}
	s.stmts[query] = st
	return st, nil
}

// cached is the statement prepared for query, or nil.
func (s *Statements) cached(query string) *sql.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stmts[query]
}

// QueryContext runs query, prepared once, with args.
func (s *Statements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query, prepared once, for at most one row.
func (s *Statements) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, query)
	if err != nil {
		// sql.Row carries no error of its own making; a closed statement reports the failure
		// on Scan after the prepare error was logged by nobody, so run the query unprepared and
		// let it fail (or succeed) the usual way.
		return s.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Close closes the prepared statements.
func (s *Statements) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.stmts {
		_ = st.Close()
		delete(s.stmts, q)
	}
	return nil
}
