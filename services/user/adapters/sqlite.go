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
