package adapters

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// PostgresTrainingRepository stores trainings in PostgreSQL through pgx.
type PostgresTrainingRepository struct {
	pool *pgxpool.Pool
}

// NewPostgresTrainingRepository uses a migrated database (see Migrate).
func NewPostgresTrainingRepository(pool *pgxpool.Pool) *PostgresTrainingRepository {
	return &PostgresTrainingRepository{pool: pool}
}

const pgColumns = `uuid, user_uuid, user_name, time, notes, proposed_new_time, proposed_by, canceled`

func (r *PostgresTrainingRepository) AddTraining(ctx context.Context, tr *training.Training) error {
	s := tr.Marshal()
	tag, err := r.pool.Exec(ctx,
		`INSERT INTO trainings (`+pgColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		 ON CONFLICT (uuid) DO NOTHING`,
		s.UUID, s.UserUUID, s.UserName, s.Time, s.Notes,
		pgProposedTime(s), pgtype.Text{String: s.ProposedBy, Valid: s.ProposedBy != ""}, s.Canceled)
	if err != nil {
		return fmt.Errorf("add training: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return training.ErrTrainingExists
	}
	return nil
}

func (r *PostgresTrainingRepository) GetTraining(ctx context.Context, uuid string, user training.User) (*training.Training, error) {
	return pgLoad(ctx, r.pool, uuid, user, "")
}

// UpdateTraining locks the row (SELECT ... FOR UPDATE) for the whole transaction, so concurrent
// updates of one training run one after the other and none is lost.
func (r *PostgresTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tr, err := pgLoad(ctx, tx, uuid, user, " FOR UPDATE")
		if err != nil {
			return err
		}
		updated, err := updateFn(ctx, tr)
		if err != nil {
			return err
		}
		s := updated.Marshal()
		_, err = tx.Exec(ctx,
			`UPDATE trainings SET time = $1, notes = $2, proposed_new_time = $3, proposed_by = $4, canceled = $5
			 WHERE uuid = $6`,
			s.Time, s.Notes, pgProposedTime(s), pgtype.Text{String: s.ProposedBy, Valid: s.ProposedBy != ""},
			s.Canceled, uuid)
		if err != nil {
			return fmt.Errorf("update training: %w", err)
		}
		return nil
	})
}

func (r *PostgresTrainingRepository) AllTrainings(ctx context.Context) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+pgColumns+` FROM trainings WHERE NOT canceled`)
}

func (r *PostgresTrainingRepository) FindTrainingsForUser(ctx context.Context, userUUID string) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+pgColumns+` FROM trainings WHERE NOT canceled AND user_uuid = $1`, userUUID)
}

func (r *PostgresTrainingRepository) find(ctx context.Context, q string, args ...any) ([]query.Training, error) {
	rows, err := r.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	stored, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (training.Stored, error) {
		return scanPostgres(row)
	})
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	return toQueryTrainings(stored), nil
}

type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func pgLoad(ctx context.Context, q pgQuerier, uuid string, user training.User, lock string) (*training.Training, error) {
	s, err := scanPostgres(q.QueryRow(ctx, `SELECT `+pgColumns+` FROM trainings WHERE uuid = $1`+lock, uuid))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, training.ErrTrainingNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read training: %w", err)
	}
	return authorized(s, user)
}

func scanPostgres(row pgx.Row) (training.Stored, error) {
	var (
		s          training.Stored
		proposedAt pgtype.Timestamptz
		proposedBy pgtype.Text
	)
	if err := row.Scan(&s.UUID, &s.UserUUID, &s.UserName, &s.Time, &s.Notes, &proposedAt, &proposedBy, &s.Canceled); err != nil {
		return s, err
	}
	s.ProposedNewTime, s.ProposedBy = proposedAt.Time, proposedBy.String
	return s, nil
}

func pgProposedTime(s training.Stored) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: s.ProposedNewTime, Valid: s.ProposedBy != ""}
}
