// Package adapters holds the trainer service's outbound implementations: hour repositories and
// calendar read models on memory, SQLite and PostgreSQL, and their schema migrations.
package adapters

import (
	"embed"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the trainer service's schema history (migrations/<dialect>/), recorded in its own
// version table; sqlstore.Open applies them on start.
var Migrations = sqlstore.Migrations{FS: migrationsFS, VersionTable: "goose_trainer_version"}
