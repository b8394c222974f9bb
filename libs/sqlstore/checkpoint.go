package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// Checkpoints off the commit path. In WAL mode a commit appends its pages to the -wal file; a
// checkpoint copies them back into the database file and fsyncs both files (with
// synchronous=NORMAL it is the only place SQLite waits for the disk). By default the commit
// that takes the WAL past 1,000 pages runs that checkpoint itself, while holding the
// database's only connection (OpenSQLite): under 20 concurrent bookings the training
// service checkpointed several times a second, each time keeping every queued writer waiting
// for two fsyncs. Here a goroutine of the database's own, on a connection of its own, runs
// PASSIVE checkpoints (they never wait for a writer and never hold a writer up), and
// wal_autocheckpoint is raised so that commits checkpoint only as a backstop, should this
// goroutine fall far behind.
//
// Durability is unchanged: a commit is in the WAL when it returns, whichever connection later
// copies it into the database file, and a process killed during a checkpoint leaves the WAL
// whole, which the next opening replays.

var (
	// checkpointEvery is how often the checkpointer looks at the WAL. A PASSIVE checkpoint
	// with nothing new to copy returns without touching the disk.
	checkpointEvery = time.Second
	// backstopPages is wal_autocheckpoint on the database's connection: a commit that finds
	// the WAL this long (4 KiB pages: 32 MiB) checkpoints it itself, as SQLite does at 1,000.
	backstopPages = 8000
	// walSizeLimit is journal_size_limit: the size the -wal file is cut back to when the WAL
	// starts over (a writer after a checkpoint that copied everything), 4 MiB.
	walSizeLimit = 4 << 20
)

// checkpointer runs PASSIVE checkpoints on db (a pool of its own, one connection) until stop.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func startCheckpointer(db *sql.DB, every time.Duration) *checkpointer {
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	if every <= 0 {
		close(c.done)
		return c
	}
	runningCheckpointers.Add(1) // counted from here, so a test sees it at once
	go c.run(every)
	return c
}

// runningCheckpointers counts the goroutines, for the test that Close stops them.
var runningCheckpointers atomic.Int64

func (c *checkpointer) run(every time.Duration) {
	defer runningCheckpointers.Add(-1)
	defer close(c.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
			// An error (the file is busy in a way PASSIVE does not wait out, or gone) is simply
			// met again on the next tick; the backstop keeps the WAL bounded meanwhile.
			_, _, _ = c.checkpoint(context.Background())
		}
	}
}

// checkpoint runs one PASSIVE checkpoint: how many frames the WAL holds and how many of them
// are in the database file now.
func (c *checkpointer) checkpoint(ctx context.Context) (walFrames, copied int, err error) {
	var busy int
	err = c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &walFrames, &copied)
	return walFrames, copied, err
}

// Close stops the goroutine and closes its connection; the last connection to close (this or
// the database's) checkpoints what is left, as SQLite always does.
func (c *checkpointer) Close() error {
	var err error
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		err = c.db.Close()
	})
	return err
}
