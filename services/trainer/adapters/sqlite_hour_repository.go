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
	stmts   *sqlstore.Statements // its queries, reads and writes, prepared once
	factory hour.Factory
}

// NewSQLiteHourRepository uses db, which must be migrated with adapters.Migrations (sqlstore.Open does);
// new hours follow factory's rules.
func NewSQLiteHourRepository(db *sql.DB, factory hour.Factory) *SQLiteHourRepository {
	return &SQLiteHourRepository{db: db, stmts: sqlstore.NewStatements(db), factory: factory}
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (r *SQLiteHourRepository) GetHour(ctx context.Context, t time.Time) (*hour.Hour, error) {
	a, _, err := sqliteAvailability(ctx, r.stmts, t)
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
	err := r.stmts.InTx(ctx, func(tx *sqlstore.Tx) (err error) {
		out, err = sqlstore.OnceSQLite(ctx, tx, key, func() (string, error) {
			return "", r.updateIn(ctx, tx, t, updateFn)
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
	return r.stmts.InTx(ctx, func(tx *sqlstore.Tx) error {
		for _, t := range times {
			if err := r.updateIn(ctx, tx, t, updateFn); err != nil {
				return err
			}
		}
		return nil
	})
}

func (r *SQLiteHourRepository) updateIn(ctx context.Context, conn sqlstore.Querier, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	a, stored, err := sqliteAvailability(ctx, conn, t)
	if err != nil {
		return err
	}
	updated, err := updatedAvailability(r.factory, t, a, stored, updateFn)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO hours (hour, availability) VALUES (?, ?)
		ON CONFLICT (hour) DO UPDATE SET availability = excluded.availability`,
		t.UTC().Format(sqliteTimeLayout), updated.String())
	if err != nil {
		return fmt.Errorf("store hour: %w", err)
	}
	return nil
}

func (r *SQLiteHourRepository) HoursBetween(ctx context.Context, from, to time.Time) ([]query.Hour, error) {
	rows, err := r.stmts.QueryContext(ctx, `SELECT hour, availability FROM hours WHERE hour >= ? AND hour < ? ORDER BY hour`,
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
		t, err := parseSQLiteHour(text)
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

// parseSQLiteHour reads an hour as stored (sqliteTimeLayout). The calendar reads up to 24 hours
// a day for weeks at a time, and time.Parse was 4% of the trainer's CPU under a calendar load;
// the stored text always has this one fixed shape, so it is read by position. Anything else
// is left to time.Parse, which says what is wrong with it.
func parseSQLiteHour(s string) (time.Time, error) {
	if len(s) != len(sqliteTimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Parse(sqliteTimeLayout, s)
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for _, c := range s[from:to] {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Parse(sqliteTimeLayout, s)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d { // 31 April and the like: time.Date would roll over
		return time.Parse(sqliteTimeLayout, s)
	}
	return t, nil
}
