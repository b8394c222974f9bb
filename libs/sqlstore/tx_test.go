package sqlstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// Concurrent read-modify-write transactions through Statements.InTx each see the previous one's
// write (BEGIN IMMEDIATE), reads that prepare a new statement meanwhile do not deadlock with a
// transaction holding the one connection, a failing transaction leaves nothing behind, and a
// transaction's queries are prepared once it has ended.
func TestInTxPreparesItsStatementsAndSerializesWriters(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "tx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)`); err != nil {
		t.Fatal(err)
	}
	st := sqlstore.NewStatements(db)
	defer st.Close()
	const (
		read  = `SELECT n FROM counter WHERE id = ?`
		write = `UPDATE counter SET n = ? WHERE id = ?`
	)
	increment := func() error {
		return st.InTx(ctx, func(tx *sqlstore.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, read, 1).Scan(&n); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, write, n+1, 1)
			return err
		})
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if err := increment(); err != nil {
					t.Error(err)
				}
				// A read outside any transaction, with a query of its own, prepares it while
				// other goroutines' transactions hold (or wait for) the connection.
				var n int
				if err := st.QueryRowContext(ctx, `SELECT n + ? FROM counter WHERE id = 1`, i).Scan(&n); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var n int
	if err := db.QueryRowContext(ctx, read, 1).Scan(&n); err != nil || n != 200 {
		t.Fatalf("counter = %d, %v; want 200 (each increment sees the previous one)", n, err)
	}
	for _, q := range []string{read, write} {
		if !sqlstore.Cached(st, q) {
			t.Errorf("%q not prepared after the transactions", q)
		}
	}

	refused := errors.New("refused")
	err = st.InTx(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.ExecContext(ctx, write, -1, 1); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("InTx = %v, want f's error", err)
	}
	if err := db.QueryRowContext(ctx, read, 1).Scan(&n); err != nil || n != 200 {
		t.Fatalf("after a failed transaction counter = %d, %v; want 200 (rolled back)", n, err)
	}
	if err := st.InTx(ctx, func(tx *sqlstore.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE nope SET n = 1`)
		return err
	}); err == nil {
		t.Error("a statement that cannot be prepared reported no error")
	}
}
