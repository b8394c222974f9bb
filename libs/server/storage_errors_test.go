package server_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/server"
)

// A database that does not answer is a 503 with a stable reason, not a bare 500: the client may
// retry, and the operator's alert names the cause. The error here is pgx's own, from a real
// connection attempt to a port nobody listens on.
func TestUnreachableStorageIs503(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, "postgres://app@"+addr+"/app?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	_, err = pool.Exec(ctx, "SELECT 1")
	if err == nil {
		t.Fatal("a query on a closed port succeeded")
	}
	got := server.ToKratos(fmt.Errorf("update training: %w", err))
	if got.Code != 503 || got.Reason != server.ReasonStorageUnavailable {
		t.Errorf("ToKratos(%v) = %d %s, want 503 %s", err, got.Code, got.Reason, server.ReasonStorageUnavailable)
	}
}
