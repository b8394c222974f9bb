package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// errExited tells launch's caller that the server stopped before it accepted connections.
var errExited = errors.New("pgtest: postgres exited during start-up")

func (c *cluster) waitReady(logPath string) error {
	deadline := time.Now().Add(60 * time.Second)
	for delay := 10 * time.Millisecond; time.Now().Before(deadline); delay = min(delay*2, 500*time.Millisecond) {
		select {
		case <-c.exited:
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("%w (%v):\n%s", errExited, c.exitErr, log)
		case <-time.After(delay):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, c.dsn())
		if err == nil {
			err = conn.Ping(ctx)
			conn.Close(ctx)
		}
		cancel()
		if err == nil {
			return nil
		}
	}
	c.kill()
	log, _ := os.ReadFile(logPath)
	return fmt.Errorf("pgtest: postgres on port %s did not accept connections within 60s:\n%s",
		strconv.Itoa(c.port), log)
}
