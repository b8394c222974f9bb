package service

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/trainer/adapters"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// hoursStore is what every backend's repository is: the aggregate's repository and the
// calendar's read model over the same table.
type hoursStore interface {
	hour.Repository
	query.CalendarReadModel
}

type storage struct {
	hours hoursStore
	close func()
}

// openStorage opens the configured database (SQLite by default) and applies the migrations it
// lacks.
func openStorage(ctx context.Context, cfg *conf.Data_Database, factory hour.Factory) (*storage, error) {
	db, err := sqlstore.Open(ctx, cfg, "data/trainer.db", adapters.Migrations)
	if err != nil {
		return nil, err
	}
	if db.SQLite != nil {
		return &storage{hours: adapters.NewSQLiteHourRepository(db.SQLite, factory), close: db.Close}, nil
	}
	return &storage{hours: adapters.NewPostgresHourRepository(db.Postgres, factory), close: db.Close}, nil
}
