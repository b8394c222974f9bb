package adapters

import (
	"context"
	"sync"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"

	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// MemoryUserRepository keeps users in a map: for tests and for running without a database.
type MemoryUserRepository struct {
	mu    sync.Mutex
	users map[string]user.User // copies, so callers cannot change stored users behind its back
	once  idempotency.Memory
	// accounts by e-mail address
	accounts map[string]user.Account
}

// NewMemoryUserRepository returns an empty repository.
func NewMemoryUserRepository() *MemoryUserRepository {
	return &MemoryUserRepository{users: map[string]user.User{}, once: idempotency.Memory{}, accounts: map[string]user.Account{}}
}

func (r *MemoryUserRepository) Add(_ context.Context, u *user.User) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.users[u.ID()]; ok {
		return user.ErrUserAlreadyExists
	}
	r.users[u.ID()] = *u
	return nil
}

func (r *MemoryUserRepository) Get(_ context.Context, id string) (*user.User, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	u, ok := r.users[id]
	if !ok {
		return nil, user.ErrUserNotFound
	}
	return &u, nil
}

// Update holds the lock while updateFn runs, which makes it atomic like a SQL transaction.
func (r *MemoryUserRepository) Update(_ context.Context, id string, updateFn func(*user.User) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.update(id, updateFn)
}

// UpdateOnce is Update with the answer kept in an in-memory ledger.
func (r *MemoryUserRepository) UpdateOnce(_ context.Context, key idempotency.Key, id string, updateFn func(*user.User) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.once.Once(key, func() (string, error) { return "", r.update(id, updateFn) })
	return err
}

func (r *MemoryUserRepository) update(id string, updateFn func(*user.User) error) error {
	u, ok := r.users[id]
	if !ok {
		return user.ErrUserNotFound
	}
	if err := updateFn(&u); err != nil {
		return err
	}
	r.users[id] = u
	return nil
}

// UserByID is the current-user read model: the user as Get reads it.
func (r *MemoryUserRepository) UserByID(ctx context.Context, id string) (query.User, error) {
	return userByID(ctx, r, id)
}

// userByID is every backend's UserByID: the read model is the repository's user, as query.User.
func userByID(ctx context.Context, repo user.Repository, id string) (query.User, error) {
	u, err := repo.Get(ctx, id)
	if err != nil {
		return query.User{}, err
	}
	return toQueryUser(u), nil
}

func toQueryUser(u *user.User) query.User {
	return query.User{ID: u.ID(), Role: u.Role().String(), DisplayName: u.DisplayName(), Balance: u.Balance()}
}
