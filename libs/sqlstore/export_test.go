package sqlstore

// Cached reports whether s holds a prepared statement for query.
func Cached(s *Statements, query string) bool { return s.cached(query) != nil }
