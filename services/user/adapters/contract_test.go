package adapters_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

var errPaymentRefused = errors.New("payment refused")

func addUser(t *testing.T, repo repository, balance int) *user.User {
	t.Helper()
	u, err := user.New(uuid.NewString(), user.Attendee, "Ana", balance)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Add(context.Background(), u); err != nil {
		t.Fatalf("Add() = %v", err)
	}
	return u
}

func assertBalance(t *testing.T, repo repository, id string, want int) {
	t.Helper()
	u, err := repo.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get() = %v", err)
	}
	if u.Balance() != want {
		t.Errorf("balance = %d, want %d", u.Balance(), want)
	}
}

func TestAddAndRead(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		u, err := user.New(uuid.NewString(), user.Trainer, "Tom", 7)
		if err != nil {
			t.Fatal(err)
		}
		if err := repo.Add(ctx, u); err != nil {
			t.Fatalf("Add() = %v", err)
		}
		got, err := repo.Get(ctx, u.ID())
		if err != nil || *got != *u {
			t.Errorf("Get() = %+v, %v; want %+v", got, err, u)
		}
		view, err := repo.UserByID(ctx, u.ID())
		want := query.User{ID: u.ID(), Role: "trainer", DisplayName: "Tom", Balance: 7}
		if err != nil || view != want {
			t.Errorf("UserByID() = %+v, %v; want %+v", view, err, want)
		}
	})
}

func TestAddTakenIDKeepsTheStoredUser(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		u := addUser(t, repo, 3)
		other, _ := user.New(u.ID(), user.Trainer, "Impostor", 99)
		if err := repo.Add(context.Background(), other); !errors.Is(err, user.ErrUserAlreadyExists) {
			t.Fatalf("Add() = %v, want %v", err, user.ErrUserAlreadyExists)
		}
		assertBalance(t, repo, u.ID(), 3)
	})
}

func TestMissingUserIsNotFound(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		for _, id := range []string{uuid.NewString(), "not-a-uuid"} {
			if _, err := repo.Get(ctx, id); !errors.Is(err, user.ErrUserNotFound) {
				t.Errorf("Get(%q) = %v, want %v", id, err, user.ErrUserNotFound)
			}
			if _, err := repo.UserByID(ctx, id); !errors.Is(err, user.ErrUserNotFound) {
				t.Errorf("UserByID(%q) = %v, want %v", id, err, user.ErrUserNotFound)
			}
			called := false
			err := repo.Update(ctx, id, func(*user.User) error { called = true; return nil })
			if !errors.Is(err, user.ErrUserNotFound) || called {
				t.Errorf("Update(%q) = %v (updateFn called: %v), want %v", id, err, called, user.ErrUserNotFound)
			}
		}
	})
}

func TestUpdateStoresTheChange(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		u := addUser(t, repo, 1)
		if err := repo.Update(context.Background(), u.ID(), func(u *user.User) error { return u.ReturnCredits(2) }); err != nil {
			t.Fatalf("Update() = %v", err)
		}
		assertBalance(t, repo, u.ID(), 3)
	})
}

func TestFailedUpdateLeavesStorageUnchanged(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		u := addUser(t, repo, 5)
		err := repo.Update(context.Background(), u.ID(), func(u *user.User) error {
			if err := u.TakeCredit(); err != nil {
				return err
			}
			return errPaymentRefused // fails after the aggregate changed: the change must not be stored
		})
		if !errors.Is(err, errPaymentRefused) {
			t.Fatalf("Update() = %v, want %v", err, errPaymentRefused)
		}
		assertBalance(t, repo, u.ID(), 5)
	})
}

// Fifty bookings race for ten credits: exactly ten may win, whatever the interleaving.
func TestConcurrentBookingsNeverOverdraw(t *testing.T) {
	t.Parallel()
	const credits, bookings = 10, 50
	forEachBackend(t, func(t *testing.T, repo repository) {
		u := addUser(t, repo, credits)
		var wg sync.WaitGroup
		results := make(chan error, bookings)
		for range bookings {
			wg.Go(func() {
				results <- repo.Update(context.Background(), u.ID(), (*user.User).TakeCredit)
			})
		}
		wg.Wait()
		close(results)
		succeeded := 0
		for err := range results {
			switch {
			case err == nil:
				succeeded++
			case !errors.Is(err, user.ErrBalanceTooLow):
				t.Errorf("Update() = %v, want nil or %v", err, user.ErrBalanceTooLow)
			}
		}
		if succeeded != credits {
			t.Errorf("%d bookings succeeded, want %d", succeeded, credits)
		}
		assertBalance(t, repo, u.ID(), 0)
	})
}

// The same operation id sent by many callers at once (a retry racing its own first attempt)
// changes the balance once, and every caller gets the first answer; a refusal is an answer too.
func TestUpdateOnceAppliesEachOperationOnce(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		u := addUser(t, repo, 1)
		take := idempotency.Key{ID: "t-1/1/0-change-balance", Request: "balance:-1"}
		var wg sync.WaitGroup
		results := make(chan error, 20)
		for range 20 {
			wg.Go(func() { results <- repo.UpdateOnce(ctx, take, u.ID(), (*user.User).TakeCredit) })
		}
		wg.Wait()
		close(results)
		for err := range results {
			if err != nil {
				t.Errorf("UpdateOnce() = %v, want every caller to get the first answer, nil", err)
			}
		}
		assertBalance(t, repo, u.ID(), 0)

		refused := idempotency.Key{ID: "t-2/1/0-change-balance", Request: "balance:-1"}
		if err := repo.UpdateOnce(ctx, refused, u.ID(), (*user.User).TakeCredit); !errors.Is(err, user.ErrBalanceTooLow) {
			t.Fatalf("UpdateOnce() = %v, want %v", err, user.ErrBalanceTooLow)
		}
		if err := repo.Update(ctx, u.ID(), func(u *user.User) error { return u.ReturnCredits(1) }); err != nil {
			t.Fatal(err)
		}
		called := false
		err := repo.UpdateOnce(ctx, refused, u.ID(), func(*user.User) error { called = true; return nil })
		if !errors.Is(err, user.ErrBalanceTooLow) || called {
			t.Errorf("repeated refused operation = %v (updateFn called: %v), want the first refusal again", err, called)
		}
		reused := idempotency.Key{ID: take.ID, Request: "balance:+2"}
		if err := repo.UpdateOnce(ctx, reused, u.ID(), (*user.User).TakeCredit); !errors.Is(err, idempotency.ErrOperationIDReused) {
			t.Errorf("id reused for another change = %v, want %v", err, idempotency.ErrOperationIDReused)
		}
		assertBalance(t, repo, u.ID(), 1)

		// A failure that is not a refusal records nothing: the next attempt runs again.
		failing := idempotency.Key{ID: "t-3/1/0-change-balance", Request: "balance:-1"}
		if err := repo.UpdateOnce(ctx, failing, u.ID(), func(*user.User) error { return errPaymentRefused }); !errors.Is(err, errPaymentRefused) {
			t.Fatalf("UpdateOnce() = %v, want %v", err, errPaymentRefused)
		}
		if err := repo.UpdateOnce(ctx, failing, u.ID(), (*user.User).TakeCredit); err != nil {
			t.Errorf("retry after a failure = %v, want it applied", err)
		}
		assertBalance(t, repo, u.ID(), 0)
	})
}
