package pgtest_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

// TestEnvDSNPointsAtAnExistingServer runs this test binary again with PGTEST_DSN set to this
// binary's own cluster; the child must create its database there instead of starting a cluster.
func TestEnvDSNPointsAtAnExistingServer(t *testing.T) {
	t.Parallel()
	server := pgtest.NewDatabase(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildUsesEnvDSN$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), pgtest.EnvDSN+"="+server)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestChildUsesEnvDSN") {
		t.Fatalf("child with %s=%s: %v\n%s", pgtest.EnvDSN, server, err, out)
	}
}

func TestChildUsesEnvDSN(t *testing.T) {
	server := os.Getenv(pgtest.EnvDSN)
	if server == "" {
		t.Skip("runs only as the child of TestEnvDSNPointsAtAnExistingServer")
	}
	dsn := pgtest.NewDatabase(t)
	got, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := url.Parse(server)
	if got.Host != want.Host || got.Path == want.Path {
		t.Fatalf("NewDatabase() = %s, want a new database on %s", dsn, want.Host)
	}
	var one int
	if err := connect(t, dsn).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
}
