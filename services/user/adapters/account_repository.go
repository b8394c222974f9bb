package adapters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// AddWithAccount stores u and its account together.
func (r *MemoryUserRepository) AddWithAccount(_ context.Context, u *user.User, a user.Account) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.accounts[a.Email.String()]; ok {
		return user.ErrEmailTaken
	}
	if _, ok := r.users[u.ID()]; ok {
		return user.ErrUserAlreadyExists
	}
	r.users[u.ID()] = *u
	r.accounts[a.Email.String()] = a
	return nil
}

// Account is the account of email.
func (r *MemoryUserRepository) Account(_ context.Context, email user.Email) (user.Account, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.accounts[email.String()]
	if !ok {
		return user.Account{}, user.ErrNoAccount
	}
	return a, nil
}

// AddWithAccount stores u and its account in one transaction.
func (r *SQLiteUserRepository) AddWithAccount(ctx context.Context, u *user.User, a user.Account) error {
	return sqlstore.InImmediateTx(ctx, r.db, func(conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, `INSERT INTO users (id, role, display_name, balance) VALUES (?, ?, ?, ?)`,
			u.ID(), u.Role().String(), u.DisplayName(), u.Balance())
		if err != nil {
			return sqliteConstraint(err, user.ErrUserAlreadyExists, "add user")
		}
		_, err = conn.ExecContext(ctx, `INSERT INTO accounts (email, user_id, password_hash) VALUES (?, ?, ?)`,
			a.Email.String(), u.ID(), a.PasswordHash)
		if err != nil {
			return sqliteConstraint(err, user.ErrEmailTaken, "add account")
		}
		return nil
	})
}

func sqliteConstraint(err, taken error, what string) error {
	var sqliteErr *sqlite.Error
	if errors.As(err, &sqliteErr) && (sqliteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY ||
		sqliteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE) {
		return taken
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Account is the account of email.
func (r *SQLiteUserRepository) Account(ctx context.Context, email user.Email) (user.Account, error) {
	a := user.Account{Email: email}
	err := r.db.QueryRowContext(ctx, `SELECT user_id, password_hash FROM accounts WHERE email = ?`, email.String()).
		Scan(&a.UserID, &a.PasswordHash)
	if errors.Is(err, sql.ErrNoRows) {
		return user.Account{}, user.ErrNoAccount
	}
	if err != nil {
		return user.Account{}, fmt.Errorf("get account: %w", err)
	}
	return a, nil
}

// AddWithAccount stores u and its account in one transaction.
func (r *PostgresUserRepository) AddWithAccount(ctx context.Context, u *user.User, a user.Account) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO users (id, role, display_name, balance) VALUES ($1, $2, $3, $4)`,
			u.ID(), u.Role().String(), u.DisplayName(), u.Balance())
		if err != nil {
			return pgConstraint(err, user.ErrUserAlreadyExists, "add user")
		}
		_, err = tx.Exec(ctx, `INSERT INTO accounts (email, user_id, password_hash) VALUES ($1, $2, $3)`,
			a.Email.String(), u.ID(), a.PasswordHash)
		if err != nil {
			return pgConstraint(err, user.ErrEmailTaken, "add account")
		}
		return nil
	})
}

func pgConstraint(err, taken error, what string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation {
		return taken
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Account is the account of email.
func (r *PostgresUserRepository) Account(ctx context.Context, email user.Email) (user.Account, error) {
	a := user.Account{Email: email}
	err := r.pool.QueryRow(ctx, `SELECT user_id::text, password_hash FROM accounts WHERE email = $1`, email.String()).
		Scan(&a.UserID, &a.PasswordHash)
	if errors.Is(err, pgx.ErrNoRows) {
		return user.Account{}, user.ErrNoAccount
	}
	if err != nil {
		return user.Account{}, fmt.Errorf("get account: %w", err)
	}
	return a, nil
}
