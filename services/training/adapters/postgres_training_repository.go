package adapters

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// PostgresTrainingRepository stores trainings in PostgreSQL through pgx.
type PostgresTrainingRepository struct {
	pool *pgxpool.Pool
}

var _ command.Operations = (*PostgresTrainingRepository)(nil)

// NewPostgresTrainingRepository uses a migrated database (see Migrate).
func NewPostgresTrainingRepository(pool *pgxpool.Pool) *PostgresTrainingRepository {
	return &PostgresTrainingRepository{pool: pool}
}

const pgColumns = `uuid, user_uuid, user_name, time, notes, proposed_new_time, proposed_by, canceled`

func (r *PostgresTrainingRepository) AddTraining(ctx context.Context, tr *training.Training) error {
	return pgInsert(ctx, r.pool, tr.Marshal())
}

func (r *PostgresTrainingRepository) GetTraining(ctx context.Context, uuid string, user training.User) (*training.Training, error) {
	tr, _, err := pgLoad(ctx, r.pool, uuid, user, "")
	return tr, err
}

// UpdateTraining locks the row (SELECT ... FOR UPDATE) for the whole transaction, so concurrent
// updates of one training run one after the other and none is lost. A training an operation is
// changing is refused (training.ErrChangeInProgress).
func (r *PostgresTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tr, err := pgLoadUnchanging(ctx, tx, uuid, user)
		if err != nil {
			return err
		}
		updated, err := updateFn(ctx, tr)
		if err != nil {
			return err
		}
		return pgStore(ctx, tx, updated.Marshal())
	})
}

func (r *PostgresTrainingRepository) BeginSchedule(ctx context.Context, tr *training.Training, op *command.Operation) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		if err := pgInsert(ctx, tx, tr.Marshal()); err != nil {
			return err
		}
		return pgBegin(ctx, tx, op)
	})
}

func (r *PostgresTrainingRepository) Begin(ctx context.Context, uuid string, user training.User,
	plan func(tr *training.Training) (*command.Operation, error)) (op *command.Operation, err error) {
	err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tr, err := pgLoadUnchanging(ctx, tx, uuid, user)
		if err != nil {
			return err
		}
		if op, err = plan(tr); err != nil {
			return err
		}
		return pgBegin(ctx, tx, op)
	})
	return op, err
}

// pgBegin stores a new operation and marks its training (locked by the caller) as changing.
func pgBegin(ctx context.Context, tx pgx.Tx, op *command.Operation) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM operations WHERE training_uuid = $1`, op.TrainingUUID).Scan(&n); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	op.ID = operationID(op.TrainingUUID, n+1)
	body, err := encodeBody(op)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO operations (`+operationColumns+`, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())`,
		op.ID, op.TrainingUUID, op.Kind, body, op.State, op.FailedStep, op.Reason, op.Attempts,
		op.NextAttempt, op.LastError, op.CreatedAt); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE trainings SET operation_id = $1 WHERE uuid = $2`, op.ID, op.TrainingUUID); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	return nil
}

func (r *PostgresTrainingRepository) Record(ctx context.Context, op *command.Operation) error {
	if op.State.Finished() {
		return nil // only Finish ends an operation, with its training
	}
	_, err := r.pool.Exec(ctx, `UPDATE operations SET state = $2, failed_step = $3, reason = $4, attempts = $5,
		next_attempt = $6, last_error = $7, updated_at = now() WHERE id = $1 AND state IN ('running', 'compensating')`,
		op.ID, op.State, op.FailedStep, op.Reason, op.Attempts, op.NextAttempt, op.LastError)
	if err != nil {
		return fmt.Errorf("record operation %s: %w", op.ID, err)
	}
	return nil
}

func (r *PostgresTrainingRepository) Finish(ctx context.Context, op *command.Operation) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE operations SET state = $2, failed_step = $3, reason = $4, attempts = $5,
			last_error = $6, updated_at = now() WHERE id = $1 AND state IN ('running', 'compensating')`,
			op.ID, op.State, op.FailedStep, op.Reason, op.Attempts, op.LastError)
		if err != nil {
			return fmt.Errorf("finish operation %s: %w", op.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return nil // finished before, by another driver
		}
		switch {
		case op.State == command.StateDone:
			err = pgStore(ctx, tx, op.Target)
		case op.Kind == command.KindSchedule:
			_, err = tx.Exec(ctx, `DELETE FROM trainings WHERE uuid = $1`, op.TrainingUUID)
		}
		if err != nil {
			return fmt.Errorf("finish operation %s: %w", op.ID, err)
		}
		_, err = tx.Exec(ctx, `UPDATE trainings SET operation_id = NULL WHERE uuid = $1 AND operation_id = $2`, op.TrainingUUID, op.ID)
		return err
	})
}

// ClaimDue skips operations another instance is claiming right now (SKIP LOCKED), so several
// training instances on one database share the work.
func (r *PostgresTrainingRepository) ClaimDue(ctx context.Context, now, until time.Time, limit int) ([]*command.Operation, error) {
	return r.operations(ctx, `UPDATE operations SET next_attempt = $1 WHERE id IN (
		SELECT id FROM operations WHERE state IN ('running', 'compensating') AND next_attempt <= $2
		ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING `+operationColumns, until, now, limit)
}

func (r *PostgresTrainingRepository) Unfinished(ctx context.Context) ([]*command.Operation, error) {
	return r.operations(ctx, `SELECT `+operationColumns+` FROM operations
		WHERE state IN ('running', 'compensating') ORDER BY created_at, id`)
}

func (r *PostgresTrainingRepository) operations(ctx context.Context, q string, args ...any) ([]*command.Operation, error) {
	rows, err := r.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read operations: %w", err)
	}
	ops, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*command.Operation, error) { return scanOperation(row) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ops, func(a, b *command.Operation) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return ops, nil
}

type pgExecer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func pgInsert(ctx context.Context, db pgExecer, s training.Stored) error {
	tag, err := db.Exec(ctx,
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

func pgStore(ctx context.Context, tx pgx.Tx, s training.Stored) error {
	_, err := tx.Exec(ctx,
		`UPDATE trainings SET time = $1, notes = $2, proposed_new_time = $3, proposed_by = $4, canceled = $5
		 WHERE uuid = $6`,
		s.Time, s.Notes, pgProposedTime(s), pgtype.Text{String: s.ProposedBy, Valid: s.ProposedBy != ""},
		s.Canceled, s.UUID)
	if err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	return nil
}

func (r *PostgresTrainingRepository) AllTrainings(ctx context.Context) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+pgColumns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled`)
}

func (r *PostgresTrainingRepository) FindTrainingsForUser(ctx context.Context, userUUID string) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+pgColumns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled AND user_uuid = $1`, userUUID)
}

func (r *PostgresTrainingRepository) find(ctx context.Context, q string, args ...any) ([]query.Training, error) {
	rows, err := r.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	stored, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (l listed, err error) {
		return l, scanPostgres(row, &l.Stored, &l.Pending)
	})
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	return toQueryTrainings(stored), nil
}

type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// pgLoadUnchanging locks a training for an update: training.ErrChangeInProgress when an
// operation is changing it.
func pgLoadUnchanging(ctx context.Context, tx pgx.Tx, uuid string, user training.User) (*training.Training, error) {
	tr, changing, err := pgLoad(ctx, tx, uuid, user, " FOR UPDATE")
	if err == nil && changing {
		return nil, training.ErrChangeInProgress
	}
	return tr, err
}

func pgLoad(ctx context.Context, q pgQuerier, uuid string, user training.User, lock string) (*training.Training, bool, error) {
	var (
		s        training.Stored
		changing bool
	)
	err := scanPostgres(q.QueryRow(ctx, `SELECT `+pgColumns+`, operation_id IS NOT NULL FROM trainings WHERE uuid = $1`+lock, uuid), &s, &changing)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, training.ErrTrainingNotFound
	}
	if err != nil {
		return nil, false, fmt.Errorf("read training: %w", err)
	}
	tr, err := authorized(s, user)
	return tr, changing, err
}

func scanPostgres(row pgx.Row, s *training.Stored, changing *bool) error {
	var (
		proposedAt pgtype.Timestamptz
		proposedBy pgtype.Text
	)
	if err := row.Scan(&s.UUID, &s.UserUUID, &s.UserName, &s.Time, &s.Notes, &proposedAt, &proposedBy, &s.Canceled, changing); err != nil {
		return err
	}
	s.ProposedNewTime, s.ProposedBy = proposedAt.Time, proposedBy.String
	return nil
}

func pgProposedTime(s training.Stored) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: s.ProposedNewTime, Valid: s.ProposedBy != ""}
}
