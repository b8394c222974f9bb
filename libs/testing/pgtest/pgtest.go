// Package pgtest gives tests real PostgreSQL databases.
//
// One throwaway cluster is started per test binary, the first time a test asks for a database,
// and every test gets a fresh database of its own, so tests can run in parallel without seeing
// each other's rows. Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestX(t *testing.T) {
//		dsn := pgtest.NewDatabase(t)
//		...
//	}
//
// When PGTEST_DSN is set (for example postgres://postgres@db:5432/postgres) the databases are
// created on that server instead and no cluster is started.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// EnvDSN names the variable that points pgtest at an existing server.
const EnvDSN = "PGTEST_DSN"

var (
	mainCalled bool
	startOnce  sync.Once
	server     *cluster // nil when PGTEST_DSN is used
	adminDSN   string
	startErr   error
)

// Main runs the tests and then stops the cluster (if one was started) and removes its files.
// It exits the process with the tests' exit code.
func Main(m *testing.M) {
	mainCalled = true
	code := m.Run()
	if server != nil {
		if err := server.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// NewDatabase creates an empty database for t and returns a DSN for it; the database is dropped
// when t ends. When PostgreSQL is not installed (and PGTEST_DSN is unset) it skips t with one
// line naming the Debian package, or fails it under Bazel, whose root installs PostgreSQL
// (libs/testing/needs); any other failure to start a server fails t.
func NewDatabase(t testing.TB) string {
	t.Helper()
	if !mainCalled {
		// Without Main nobody would stop the cluster and postgres processes would outlive the test.
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain before pgtest.NewDatabase")
	}
	startOnce.Do(start)
	if errors.Is(startErr, errNoBinaries) {
		needs.Missing(t, "PostgreSQL (initdb, postgres; or set "+EnvDSN+")", "postgresql")
	}
	if startErr != nil {
		t.Fatal(startErr)
	}
	ctx := context.Background()
	name, err := createDatabase(ctx, adminDSN, t.Name())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(context.Background(), adminDSN, name); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	dsn, err := withDatabase(adminDSN, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

func start() {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		adminDSN = dsn
		return
	}
	server, startErr = startCluster(context.Background())
	if startErr == nil {
		adminDSN = server.dsn()
	}
}
