package pgtest

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// ErrNotOwnServer: StopServer and StartServer act only on the server pgtest started itself,
// never on one that PGTEST_DSN points at (someone else's server), nor before any database was
// asked for.
var ErrNotOwnServer = errors.New("pgtest: no server of pgtest's own to stop or start (PGTEST_DSN is set, or no database was created yet)")

// How StopServer stops the server.
const (
	// StopFast is an operator's stop (SIGINT): open transactions are rolled back and every
	// client is told "terminating connection due to administrator command".
	StopFast = syscall.SIGINT
	// StopImmediate is as close to a crash as the server allows (SIGQUIT): every process exits
	// at once, and the next start replays the write-ahead log. The throwaway cluster runs with
	// synchronous_commit=off, so the commits of the last fraction of a second are lost with it,
	// as a crash would lose them, unless the database was given synchronous_commit=on
	// (ALTER DATABASE ... SET synchronous_commit = on), as a test of durability must do.
	StopImmediate = syscall.SIGQUIT
)

// outageMu orders StopServer and StartServer, which fault tests may call from several
// goroutines.
var outageMu sync.Mutex

// StopServer stops the test binary's PostgreSQL server, keeping its files and port, so that a
// fault test can see what its code does while the database is gone; StartServer brings it back.
// Every database of the binary goes away with it. how is StopFast or StopImmediate.
func StopServer(how syscall.Signal) error {
	outageMu.Lock()
	defer outageMu.Unlock()
	if server == nil {
		return ErrNotOwnServer
	}
	if how != StopFast && how != StopImmediate {
		return fmt.Errorf("pgtest: StopServer(%v): want StopFast or StopImmediate", how)
	}
	select {
	case <-server.exited:
		return nil // already down
	default:
	}
	if err := server.cmd.Process.Signal(how); err != nil {
		return fmt.Errorf("pgtest: stop postgres: %w", err)
	}
	select {
	case <-server.exited:
		return nil
	case <-time.After(60 * time.Second):
		return errors.New("pgtest: postgres did not stop within 60s")
	}
}

// StartServer starts the server StopServer stopped, on the same port and files, and waits until
// it accepts connections (after replaying its log, when it was stopped immediately). A
// running server is left alone.
func StartServer() error {
	outageMu.Lock()
	defer outageMu.Unlock()
	if server == nil {
		return ErrNotOwnServer
	}
	select {
	case <-server.exited:
	default:
		return nil // running
	}
	var err error
	// The port was free while the server was down: another process may have bound it for a
	// moment, so a start that fails is tried again (on the same port: the DSNs handed out name it).
	for attempt := 1; attempt <= 5; attempt++ {
		var c *cluster
		if c, err = launch(server.bin, server.dir, server.cred, server.port); err == nil {
			server = c
			return nil
		}
		time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
	}
	return err
}
