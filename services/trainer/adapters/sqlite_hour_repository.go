package adapters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// sqliteTimeLayout is how hours are stored: fixed width and UTC, so text order is time order.
const sqliteTimeLayout = "2006-01-02T15:04:05Z"

// SQLiteHourRepository stores hours in an embedded SQLite database (see OpenSQLite).
type SQLiteHourRepository struct {
	db      *sql.DB
	factory hour.Factory
}

// NewSQLiteHourRepository uses db, which must be migrated with adapters.Migrations (sqlstore.Open does);
// new hours follow factory's rules.
func NewSQLiteHourRepository(db *sql.DB, factory hour.Factory) *SQLiteHourRepository {
	return &SQLiteHourRepository{db: db, factory: factory}
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (r *SQLiteHourRepository) GetHour(ctx context.Context, t time.Time) (*hour.Hour, error) {
	a, _, err := sqliteAvailability(ctx, r.db, t)
	if err != nil {
		return nil, err
	}
	return r.factory.UnmarshalHourFromDatabase(t, a)
}

// UpdateHour runs in a BEGIN IMMEDIATE transaction: concurrent updates queue up behind SQLite's
// write lock, so a second attempt to book an hour sees the first one's booking.
func (r *SQLiteHourRepository) UpdateHour(ctx context.Context, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	return r.UpdateHours(ctx, []time.Time{t}, updateFn)
}

// UpdateHourOnce is UpdateHour with the answer recorded in the operation ledger
// (sqlstore.OnceSQLite).
func (r *SQLiteHourRepository) UpdateHourOnce(ctx context.Context, key idempotency.Key, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	var out idempotency.Outcome
	err := sqlstore.InImmediateTx(ctx, r.db, func(conn *sql.Conn) (err error) {
		out, err = sqlstore.OnceSQLite(ctx, conn, key, func() (string, error) {
			return "", r.updateIn(ctx, conn, t, updateFn)
		})
		return err
	})
	if err != nil {
		return err
	}
	return out.Refusal
}

// UpdateHours changes all hours in one BEGIN IMMEDIATE transaction.
func (r *SQLiteHourRepository) UpdateHours(ctx context.Context, times []time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	return sqlstore.InImmediateTx(ctx, r.db, func(conn *sql.Conn) error {
		for _, t := range times {
			if err := r.updateIn(ctx, conn, t, updateFn); err != nil {
				return err
			}
		}
		return nil
	})
}

func (r *SQLiteHourRepository) updateIn(ctx context.Context, conn *sql.Conn, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	a, stored, err := sqliteAvailability(ctx, conn, t)
	if err != nil {
		return err
	}
	var h *hour.Hour
	if stored {
		h, err = r.factory.UnmarshalHourFromDatabase(t, a)
	} else {
		h, err = r.factory.NewNotAvailableHour(t)
	}
	if err != nil {
		return err
	}
	updated, err := updateFn(h)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO hours (hour, availability) VALUES (?, ?)
		ON CONFLICT (hour) DO UPDATE SET availability = excluded.availability`,
		t.UTC().Format(sqliteTimeLayout), updated.Availability().String())
	if err != nil {
		return fmt.Errorf("store hour: %w", err)
	}
	return nil
}

func (r *SQLiteHourRepository) HoursBetween(ctx context.Context, from, to time.Time) ([]query.Hour, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT hour, availability FROM hours WHERE hour >= ? AND hour < ? ORDER BY hour`,
		from.UTC().Format(sqliteTimeLayout), to.UTC().Format(sqliteTimeLayout))
	if err != nil {
		return nil, fmt.Errorf("read hours: %w", err)
	}
	defer rows.Close()
	var hours []query.Hour
	for rows.Next() {
		var text, availability string
		if err := rows.Scan(&text, &availability); err != nil {
			return nil, fmt.Errorf("read hours: %w", err)
		}
		t, err := time.Parse(sqliteTimeLayout, text)
		if err != nil {
			return nil, fmt.Errorf("read hours: %w", err)
		}
		hours = append(hours, query.Hour{Time: t, Availability: availability})
	}
	return hours, rows.Err()
}

// sqliteAvailability reads the stored availability; an hour never stored is not available.
func sqliteAvailability(ctx context.Context, q querier, t time.Time) (hour.Availability, bool, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT availability FROM hours WHERE hour = ?`, t.UTC().Format(sqliteTimeLayout)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return hour.NotAvailable, false, nil
	}
	if err != nil {
		return hour.Availability{}, false, fmt.Errorf("read hour: %w", err)
	}
	a, err := hour.NewAvailability(name)
	return a, true, err
}
