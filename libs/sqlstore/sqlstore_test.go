package sqlstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
)

var migrations = sqlstore.Migrations{FS: os.DirFS("testdata"), VersionTable: "goose_test_version"}

func TestOpenCreatesMigratesAndReopensSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "folder", "test.db")
	for run := range 2 { // the second run finds the schema in place
		db, err := sqlstore.Open(ctx, &conf.Data_Database{}, path, migrations)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if db.SQLite == nil || db.Postgres != nil {
			t.Fatalf("run %d: want SQLite only, got %+v", run, db)
		}
		if _, err := db.SQLite.ExecContext(ctx, "INSERT INTO notes (body) VALUES ('kept')"); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM notes").Scan(&n); err != nil || n != 2 {
		t.Errorf("notes kept across reopenings: %d, %v; want 2", n, err)
	}
}

func TestUnknownDriverIsANamedError(t *testing.T) {
	_, err := sqlstore.Open(context.Background(), &conf.Data_Database{Driver: "mysql"}, "x.db", migrations)
	if !errors.Is(err, sqlstore.ErrUnknownDriver) {
		t.Errorf("error = %v, want ErrUnknownDriver", err)
	}
}
