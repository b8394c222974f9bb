package adapters_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

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
