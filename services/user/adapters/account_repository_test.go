package adapters_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

func newAccount(t *testing.T, email string) (*user.User, user.Account) {
	t.Helper()
	u, err := user.New(uuid.NewString(), user.Attendee, "Ana", 0)
	if err != nil {
		t.Fatal(err)
	}
	e, err := user.NewEmail(email)
	if err != nil {
		t.Fatal(err)
	}
	return u, user.Account{UserID: u.ID(), Email: e, PasswordHash: "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"}
}

// An account is stored with its user in one transaction: an e-mail address taken by another
// account stores neither.
func TestAccountsAreStoredWithTheirUser(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, repo repository) {
		ctx := context.Background()
		email := uuid.NewString() + "@example.com" // the PostgreSQL database is shared between runs
		u, a := newAccount(t, email)
		if err := repo.AddWithAccount(ctx, u, a); err != nil {
			t.Fatalf("AddWithAccount() = %v", err)
		}
		got, err := repo.Account(ctx, a.Email)
		if err != nil || got != a {
			t.Errorf("Account() = %+v, %v; want %+v", got, err, a)
		}
		if _, err := repo.Get(ctx, u.ID()); err != nil {
			t.Errorf("the account's user: %v", err)
		}

		other, taken := newAccount(t, email)
		if err := repo.AddWithAccount(ctx, other, taken); !errors.Is(err, user.ErrEmailTaken) {
			t.Errorf("AddWithAccount(same e-mail) = %v, want %v", err, user.ErrEmailTaken)
		}
		if _, err := repo.Get(ctx, other.ID()); !errors.Is(err, user.ErrUserNotFound) {
			t.Errorf("the refused account's user was stored: %v", err)
		}
		_, sameID := newAccount(t, uuid.NewString()+"@example.com")
		if err := repo.AddWithAccount(ctx, u, sameID); !errors.Is(err, user.ErrUserAlreadyExists) {
			t.Errorf("AddWithAccount(same user) = %v, want %v", err, user.ErrUserAlreadyExists)
		}
		nobody, _ := user.NewEmail(uuid.NewString() + "@example.com")
		if _, err := repo.Account(ctx, nobody); !errors.Is(err, user.ErrNoAccount) {
			t.Errorf("Account(unknown) = %v, want %v", err, user.ErrNoAccount)
		}
	})
}

func TestArgon2HashesVerifyOnlyTheirPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, err := adapters.NewArgon2Hasher(adapters.Argon2Params{MemoryKiB: 8 * 1024})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := h.Hash(ctx, "correct horse battery")
	if hash == again {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := h.Verify(ctx, pw, hash); ok != want || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	// A hash keeps its own parameters: a hasher with other defaults still verifies it.
	stronger, err := adapters.NewArgon2Hasher(adapters.Argon2Params{MemoryKiB: 16 * 1024, Iterations: 2})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := stronger.Verify(ctx, "correct horse battery", hash); !ok || err != nil {
		t.Errorf("Verify with other parameters = %v, %v", ok, err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=8192,t=1,p=0$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, err := h.Verify(ctx, "x", bad); err == nil {
			t.Errorf("Verify accepted the malformed hash %q", bad)
		}
	}
}

// The cost of one login's password check with the default parameters.
func BenchmarkArgon2Verify(b *testing.B) {
	h, err := adapters.NewArgon2Hasher(adapters.DefaultArgon2Params)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	hash, _ := h.Hash(ctx, "correct horse battery")
	for b.Loop() {
		if ok, _ := h.Verify(ctx, "correct horse battery", hash); !ok {
			b.Fatal("no match")
		}
	}
}
