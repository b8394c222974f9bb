package adapters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// SQLiteUserRepository stores users in an embedded SQLite database (see OpenSQLite).
type SQLiteUserRepository struct {
	db    *sql.DB
	stmts *sqlstore.Statements // the balance update's statements, prepared once
}

// NewSQLiteUserRepository uses db, which must be migrated with adapters.Migrations (sqlstore.Open does).
func NewSQLiteUserRepository(db *sql.DB) *SQLiteUserRepository {
	return &SQLiteUserRepository{db: db, stmts: sqlstore.NewStatements(db)}
}

// querier is what *sql.DB and *sql.Conn share, so reads work inside and outside a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (r *SQLiteUserRepository) Add(ctx context.Context, u *user.User) error {
	_, err := r.db.ExecContext(ctx, `INSERT INTO users (id, role, display_name, balance) VALUES (?, ?, ?, ?)`,
		u.ID(), u.Role().String(), u.DisplayName(), u.Balance())
	var sqliteErr *sqlite.Error
	if errors.As(err, &sqliteErr) && sqliteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return user.ErrUserAlreadyExists
	}
	if err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	return nil
}

func (r *SQLiteUserRepository) Get(ctx context.Context, id string) (*user.User, error) {
	return sqliteGet(ctx, r.db, id)
}

// Update runs in a BEGIN IMMEDIATE transaction: concurrent updates of a balance queue up behind
// SQLite's write lock, so each reads the balance the previous one wrote.
func (r *SQLiteUserRepository) Update(ctx context.Context, id string, updateFn func(*user.User) error) error {
	return r.stmts.InTx(ctx, func(tx *sqlstore.Tx) error { return sqliteUpdate(ctx, tx, id, updateFn) })
}

// UpdateOnce is Update with the answer recorded in the operation ledger (sqlstore.OnceSQLite).
func (r *SQLiteUserRepository) UpdateOnce(ctx context.Context, key idempotency.Key, id string, updateFn func(*user.User) error) error {
	var out idempotency.Outcome
	err := r.stmts.InTx(ctx, func(tx *sqlstore.Tx) (err error) {
		out, err = sqlstore.OnceSQLite(ctx, tx, key, func() (string, error) {
			return "", sqliteUpdate(ctx, tx, id, updateFn)
		})
		return err
	})
	if err != nil {
		return err
	}
	return out.Refusal
}

func sqliteUpdate(ctx context.Context, conn sqlstore.Querier, id string, updateFn func(*user.User) error) error {
	u, err := sqliteGet(ctx, conn, id)
	if err != nil {
		return err
	}
	if err := updateFn(u); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `UPDATE users SET role = ?, display_name = ?, balance = ? WHERE id = ?`,
		u.Role().String(), u.DisplayName(), u.Balance(), id)
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	return nil
}

// UserByID is the current-user read model: the user as Get reads it.
func (r *SQLiteUserRepository) UserByID(ctx context.Context, id string) (query.User, error) {
	return userByID(ctx, r, id)
}

func sqliteGet(ctx context.Context, q querier, id string) (*user.User, error) {
	var role, name string
	var balance int
	err := q.QueryRowContext(ctx, `SELECT role, display_name, balance FROM users WHERE id = ?`, id).
		Scan(&role, &name, &balance)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, user.ErrUserNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get user: %w", err)
	}
	return user.UnmarshalFromDatabase(id, role, name, balance)
}
