package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// BenchmarkConcurrentWrites: 20 goroutines run small write transactions (an insert, an update)
// on one database, with checkpoints on the commits (SQLite's default) and on the checkpointer's
// connection (background=true); p99-us and max-us are the transactions' latencies, queueing for
// the one connection included.
//
//	go test ./libs/sqlstore -run '^$' -bench ConcurrentWrites -benchtime 20000x
func BenchmarkConcurrentWrites(b *testing.B) {
	for _, bg := range []bool{false, true} {
		b.Run(fmt.Sprintf("background=%v", bg), func(b *testing.B) {
			defer sqlstore.SetBackgroundCheckpoints(bg)()
			ctx := context.Background()
			db, err := sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "w.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v TEXT); CREATE INDEX t_k ON t (k)`); err != nil {
				b.Fatal(err)
			}
			st := sqlstore.NewStatements(db)
			var next atomic.Int64
			lat := make([]time.Duration, b.N)
			var wg sync.WaitGroup
			b.ResetTimer()
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1)) - 1
						if i >= b.N {
							return
						}
						t0 := time.Now()
						err := st.InTx(ctx, func(tx *sqlstore.Tx) error {
							if _, err := tx.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, fmt.Sprint("k", i), "some value of a row of about a hundred bytes, like a training's notes and names ........"); err != nil {
								return err
							}
							_, err := tx.ExecContext(ctx, `UPDATE t SET v = ? WHERE k = ?`, "x", fmt.Sprint("k", i/2))
							return err
						})
						if err != nil {
							b.Error(err)
							return
						}
						lat[i] = time.Since(t0)
					}
				}()
			}
			wg.Wait()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-us")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-us")
		})
	}
}
