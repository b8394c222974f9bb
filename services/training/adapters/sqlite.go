package adapters

import (
	"context"
	"database/sql"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

// OpenSQLite opens (creating if needed) the SQLite database file at path. It does not
// migrate: call Migrate(ctx, db, SQLite) on start, so a migrate command can use it too.
// Transactions start with BEGIN IMMEDIATE (libs/sqlstore): a transaction takes the write lock
// before it reads, so two updates of one training cannot both read the old row.
func OpenSQLite(ctx context.Context, path string) (*sql.DB, error) {
	return sqlstore.OpenSQLite(ctx, path)
}
