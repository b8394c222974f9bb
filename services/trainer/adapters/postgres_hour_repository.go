package adapters

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// PostgresHourRepository stores hours in PostgreSQL.
type PostgresHourRepository struct {
	pool    *pgxpool.Pool
	factory hour.Factory
}

// NewPostgresHourRepository uses pool, whose database must be migrated with MigratePostgres; new
// hours follow factory's rules.
func NewPostgresHourRepository(pool *pgxpool.Pool, factory hour.Factory) *PostgresHourRepository {
	return &PostgresHourRepository{pool: pool, factory: factory}
}

func (r *PostgresHourRepository) GetHour(ctx context.Context, t time.Time) (*hour.Hour, error) {
	var name string
	err := r.pool.QueryRow(ctx, `SELECT availability FROM hours WHERE hour = $1`, t.UTC()).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return r.factory.UnmarshalHourFromDatabase(t, hour.NotAvailable)
	}
	if err != nil {
		return nil, fmt.Errorf("read hour: %w", err)
	}
	a, err := hour.NewAvailability(name)
	if err != nil {
		return nil, err
	}
	return r.factory.UnmarshalHourFromDatabase(t, a)
}

// UpdateHour locks the hour's row for the transaction. A row that does not exist cannot be
// locked, so the hour is first inserted as not available (ON CONFLICT DO NOTHING waits for a
// concurrent insert of the same hour); then SELECT ... FOR UPDATE makes concurrent updates of
// the hour run one after the other: of many attempts to book it, exactly one sees it available.
func (r *PostgresHourRepository) UpdateHour(ctx context.Context, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	if _, err := r.factory.UnmarshalHourFromDatabase(t, hour.NotAvailable); err != nil {
		return err // not a full hour: it can never be stored
	}
	t = t.UTC()
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO hours (hour, availability) VALUES ($1, $2) ON CONFLICT (hour) DO NOTHING`,
			t, hour.NotAvailable.String())
		if err != nil {
			return fmt.Errorf("store hour: %w", err)
		}
		if tag.RowsAffected() == 1 {
			// A new hour: the calendar's rules apply (an error rolls the insert back).
			if _, err := r.factory.NewNotAvailableHour(t); err != nil {
				return err
			}
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT availability FROM hours WHERE hour = $1 FOR UPDATE`, t).Scan(&name); err != nil {
			return fmt.Errorf("lock hour: %w", err)
		}
		a, err := hour.NewAvailability(name)
		if err != nil {
			return err
		}
		h, err := r.factory.UnmarshalHourFromDatabase(t, a)
		if err != nil {
			return err
		}
		updated, err := updateFn(h)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE hours SET availability = $2 WHERE hour = $1`, t, updated.Availability().String()); err != nil {
			return fmt.Errorf("store hour: %w", err)
		}
		return nil
	})
}

func (r *PostgresHourRepository) HoursBetween(ctx context.Context, from, to time.Time) ([]query.Hour, error) {
	rows, err := r.pool.Query(ctx, `SELECT hour, availability FROM hours WHERE hour >= $1 AND hour < $2 ORDER BY hour`,
		from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read hours: %w", err)
	}
	hours, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (query.Hour, error) {
		var h query.Hour
		err := row.Scan(&h.Time, &h.Availability)
		h.Time = h.Time.UTC()
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("read hours: %w", err)
	}
	return hours, nil
}
