package adapters_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/user/adapters"
)

type idKeyFunc = func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

// Sign-up and login need no token, and each hash holds the hash's memory (64 MiB by default)
// while it runs: 80 concurrent sign-ups grew the user service to 5.3 GB before hashes took
// turns. However many callers hash at once, at most MaxConcurrent hashes run.
func TestArgon2RunsAtMostMaxConcurrentHashesAtOnce(t *testing.T) {
	t.Parallel()
	const limit, callers = 2, 12
	h, err := adapters.NewArgon2Hasher(adapters.Argon2Params{MemoryKiB: 64, MaxConcurrent: limit})
	if err != nil {
		t.Fatal(err)
	}
	var running, most atomic.Int32
	adapters.WrapKeyDerivation(h, func(idKey idKeyFunc) idKeyFunc {
		return func(password, salt []byte, time_, memory uint32, threads uint8, keyLen uint32) []byte {
			n := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(20 * time.Millisecond) // long enough for the other callers to pile up
			return idKey(password, salt, time_, memory, threads, keyLen)
		}
	})
	hash, err := h.Hash(context.Background(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = h.Hash(context.Background(), "correct horse battery")
			} else {
				err = h.VerifyNothing(context.Background(), "correct horse battery")
			}
			if err != nil {
				t.Error(err)
			}
			if ok, err := h.Verify(context.Background(), "correct horse battery", hash); !ok || err != nil {
				t.Errorf("Verify = %v, %v", ok, err)
			}
		})
	}
	wg.Wait()
	if got := most.Load(); got > limit {
		t.Errorf("%d hashes ran at once, want at most %d", got, limit)
	}
}

// A caller waiting for a turn gives up when its request does, with the context's error (a 504
// timeout at the edge), instead of queueing work nobody waits for.
func TestArgon2WaitingForATurnEndsWithTheContext(t *testing.T) {
	t.Parallel()
	h, err := adapters.NewArgon2Hasher(adapters.Argon2Params{MemoryKiB: 64, MaxConcurrent: 1})
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	var later atomic.Bool
	adapters.WrapKeyDerivation(h, func(idKey idKeyFunc) idKeyFunc {
		return func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
			if !later.Swap(true) { // the first hash holds its turn until released
				close(started)
				<-release
			}
			return idKey(password, salt, time, memory, threads, keyLen)
		}
	})
	done := make(chan error)
	go func() {
		_, err := h.Hash(context.Background(), "correct horse battery")
		done <- err
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "another password"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash while the only turn is taken = %v, want %v", err, context.DeadlineExceeded)
	}
	if err := h.VerifyNothing(ctx, "another password"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("VerifyNothing while the only turn is taken = %v, want %v", err, context.DeadlineExceeded)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("the hash that had the turn: %v", err)
	}
}
