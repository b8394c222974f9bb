package adapters

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kratos-monorepo/monorepo/libs/idempotency"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"

	"github.com/kratos-monorepo/monorepo/services/trainer/domain/hour"
)

// UpdateHour changes one hour in its own transaction; see UpdateHours.
func (r *PostgresHourRepository) UpdateHour(ctx context.Context, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	return r.UpdateHours(ctx, []time.Time{t}, updateFn)
}

// UpdateHourOnce is UpdateHour with the answer recorded in the operation ledger
// (sqlstore.OncePostgres).
func (r *PostgresHourRepository) UpdateHourOnce(ctx context.Context, key idempotency.Key, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	var out idempotency.Outcome
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) (err error) {
		out, err = sqlstore.OncePostgres(ctx, tx, key, func(tx pgx.Tx) (string, error) {
			if _, err := r.factory.UnmarshalHourFromDatabase(t, hour.NotAvailable); err != nil {
				return "", err // not a full hour: it can never be stored
			}
			return "", r.updateIn(ctx, tx, t.UTC(), updateFn)
		})
		return err
	})
	if err != nil {
		return err
	}
	return out.Refusal
}

// UpdateHours locks each hour's row for the transaction, in time order so that two requests
// for overlapping hours cannot deadlock. Concurrent updates of an hour run one after the other:
// of many attempts to book it, exactly one sees it available.
func (r *PostgresHourRepository) UpdateHours(ctx context.Context, times []time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
	sorted := make([]time.Time, len(times))
	for i, t := range times {
		if _, err := r.factory.UnmarshalHourFromDatabase(t, hour.NotAvailable); err != nil {
			return err // not a full hour: it can never be stored
		}
		sorted[i] = t.UTC()
	}
	slices.SortFunc(sorted, time.Time.Compare)
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		for _, t := range sorted {
			if err := r.updateIn(ctx, tx, t, updateFn); err != nil {
				return err
			}
		}
		return nil
	})
}

// updateIn changes one hour inside tx. A row that does not exist cannot be locked, so the hour is
// first inserted as not available (ON CONFLICT DO NOTHING waits for a concurrent insert of the
// same hour to commit or roll back); then SELECT ... FOR UPDATE takes the row lock.
func (r *PostgresHourRepository) updateIn(ctx context.Context, tx pgx.Tx, t time.Time, updateFn func(*hour.Hour) (*hour.Hour, error)) error {
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
}
