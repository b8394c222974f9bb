package adapters

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// PostgresUserRepository stores users in PostgreSQL.
type PostgresUserRepository struct {
	pool *pgxpool.Pool
}

// NewPostgresUserRepository uses pool, whose database must be migrated with adapters.Migrations (sqlstore.Open does).
func NewPostgresUserRepository(pool *pgxpool.Pool) *PostgresUserRepository {
	return &PostgresUserRepository{pool: pool}
}

const pgUniqueViolation = "23505"

func (r *PostgresUserRepository) Add(ctx context.Context, u *user.User) error {
	_, err := r.pool.Exec(ctx, `INSERT INTO users (id, role, display_name, balance) VALUES ($1, $2, $3, $4)`,
		u.ID(), u.Role().String(), u.DisplayName(), u.Balance())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation {
		return user.ErrUserAlreadyExists
	}
	if err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	return nil
}

func (r *PostgresUserRepository) Get(ctx context.Context, id string) (*user.User, error) {
	return pgGet(ctx, r.pool, id, "")
}

// Update locks the row (SELECT ... FOR UPDATE) for the transaction: a concurrent update of the
// same user waits and then reads the balance this one committed.
func (r *PostgresUserRepository) Update(ctx context.Context, id string, updateFn func(*user.User) error) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error { return pgUpdate(ctx, tx, id, updateFn) })
}

// UpdateOnce is Update with the answer recorded in the operation ledger (sqlstore.OncePostgres).
func (r *PostgresUserRepository) UpdateOnce(ctx context.Context, key idempotency.Key, id string, updateFn func(*user.User) error) error {
	var out idempotency.Outcome
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) (err error) {
		out, err = sqlstore.OncePostgres(ctx, tx, key, func(tx pgx.Tx) (string, error) {
			return "", pgUpdate(ctx, tx, id, updateFn)
		})
		return err
	})
	if err != nil {
		return err
	}
	return out.Refusal
}

func pgUpdate(ctx context.Context, tx pgx.Tx, id string, updateFn func(*user.User) error) error {
	u, err := pgGet(ctx, tx, id, " FOR UPDATE")
	if err != nil {
		return err
	}
	if err := updateFn(u); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE users SET role = $1, display_name = $2, balance = $3 WHERE id = $4`,
		u.Role().String(), u.DisplayName(), u.Balance(), id)
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	return nil
}

// UserByID is the current-user read model: the user as Get reads it.
func (r *PostgresUserRepository) UserByID(ctx context.Context, id string) (query.User, error) {
	return userByID(ctx, r, id)
}

type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func pgGet(ctx context.Context, q pgQuerier, id, lock string) (*user.User, error) {
	// The column is a uuid: anything else cannot name a stored user (and would be a cast error).
	if _, err := uuid.Parse(id); err != nil {
		return nil, user.ErrUserNotFound
	}
	var role, name string
	var balance int
	err := q.QueryRow(ctx, `SELECT role, display_name, balance FROM users WHERE id = $1`+lock, id).
		Scan(&role, &name, &balance)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, user.ErrUserNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get user: %w", err)
	}
	return user.UnmarshalFromDatabase(id, role, name, balance)
}
