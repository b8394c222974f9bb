// Package adapters holds the training service's outbound implementations: training repositories,
// read models and operation records on memory, SQLite and PostgreSQL, their schema migrations,
// and the gRPC clients of the trainer and user services.
package adapters

import (
	"embed"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the training service's schema history (migrations/<dialect>/), recorded in its own
// version table; sqlstore.Open applies them on start.
var Migrations = sqlstore.Migrations{FS: migrationsFS, VersionTable: "goose_training_version"}
