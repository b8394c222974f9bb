package adapters_test

import (
	"path/filepath"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/training/adapters"
)

// The SQLite file is the default storage: trainings must survive a restart of the service.
func TestSQLiteKeepsTrainingsAcrossReopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "training.db")

	db := openSQLite(t, path)
	want := add(t, adapters.NewSQLiteTrainingRepository(db), "t-1", ann, start).Marshal()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// opening again also re-runs the migrations, which must be a no-op on a current schema
	reopened := adapters.NewSQLiteTrainingRepository(openSQLite(t, path))
	assertSame(t, get(t, reopened, "t-1"), want)
}
