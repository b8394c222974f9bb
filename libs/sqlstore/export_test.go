package sqlstore

// Cached reports whether s holds a prepared statement for query.
func Cached(s *Statements, query string) bool { return s.cached(query) != nil }

// SetBackgroundCheckpoints turns the checkpointer of databases opened from now on on or off
// (off: SQLite's default, commits checkpoint at 1,000 pages) and returns the undo.
func SetBackgroundCheckpoints(on bool) (restore func()) {
	every, pages := checkpointEvery, backstopPages
	if !on {
		checkpointEvery, backstopPages = 0, 1000
	}
	return func() { checkpointEvery, backstopPages = every, pages }
}

// RunningCheckpointers is how many databases' checkpointers run now.
func RunningCheckpointers() int64 { return runningCheckpointers.Load() }
