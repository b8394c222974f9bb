package sqlstore_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// Prepared statements answer like the plain queries, also from concurrent callers on the one
// SQLite connection, and after Close (which prepares them again).
func TestStatementsReuseOnePreparedQuery(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3)`); err != nil {
		t.Fatal(err)
	}
	st := sqlstore.NewStatements(db)
	sum := func() int {
		rows, err := st.QueryContext(ctx, `SELECT v FROM n WHERE v >= ?`, 2)
		if err != nil {
			t.Error(err)
			return 0
		}
		defer rows.Close()
		total := 0
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				t.Error(err)
			}
			total += v
		}
		return total
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := sum(); got != 5 {
				t.Errorf("sum = %d, want 5", got)
			}
		}()
	}
	wg.Wait()
	var v int
	if err := st.QueryRowContext(ctx, `SELECT max(v) FROM n`).Scan(&v); err != nil || v != 3 {
		t.Errorf("max = %d, %v; want 3", v, err)
	}
	if err := st.QueryRowContext(ctx, `SELECT nope FROM n`).Scan(&v); err == nil {
		t.Error("a query that cannot be prepared reported no error")
	}
	st.Close()
	if got := sum(); got != 5 {
		t.Errorf("after Close: sum = %d, want 5", got)
	}
}
