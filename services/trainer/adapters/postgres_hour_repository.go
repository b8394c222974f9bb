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

// NewPostgresHourRepository uses pool, whose database must be migrated with adapters.Migrations (sqlstore.Open does); new
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
