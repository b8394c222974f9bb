package service

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// usersStore is what every backend's repository is: the aggregate's repository and the read
// model over the same table.
type usersStore interface {
	user.Repository
	query.UserReadModel
}

type storage struct {
	users usersStore
	close func()
}

// openStorage opens the configured database (SQLite by default) and applies the migrations it
// lacks.
func openStorage(ctx context.Context, cfg *conf.Data_Database) (*storage, error) {
	db, err := sqlstore.Open(ctx, cfg, "data/user.db", adapters.Migrations)
	if err != nil {
		return nil, err
	}
	if db.SQLite != nil {
		return &storage{users: adapters.NewSQLiteUserRepository(db.SQLite), close: db.Close}, nil
	}
	return &storage{users: adapters.NewPostgresUserRepository(db.Postgres), close: db.Close}, nil
}
