package adapters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// SQLiteTrainingRepository stores trainings in an SQLite file: the default storage, needing
// no server. Open the database with OpenSQLite, whose settings serialise updates.
type SQLiteTrainingRepository struct {
	db    *sql.DB
	stmts *sqlstore.Statements // its queries, the lists' and the transactions', prepared once
}

var _ command.Operations = (*SQLiteTrainingRepository)(nil)

func NewSQLiteTrainingRepository(db *sql.DB) *SQLiteTrainingRepository {
	return &SQLiteTrainingRepository{db: db, stmts: sqlstore.NewStatements(db)}
}

const sqliteColumns = `uuid, user_uuid, user_name, time, notes, proposed_new_time, proposed_by, canceled`

func (r *SQLiteTrainingRepository) AddTraining(ctx context.Context, tr *training.Training) error {
	return r.inTx(ctx, func(tx *sqlstore.Tx) error { return sqliteInsert(ctx, tx, tr.Marshal()) })
}

func (r *SQLiteTrainingRepository) GetTraining(ctx context.Context, uuid string, user training.User) (*training.Training, error) {
	return sqliteLoad(ctx, r.db, uuid, user)
}

// UpdateTraining runs in a BEGIN IMMEDIATE transaction (see OpenSQLite): it holds the write
// lock from the first read, so concurrent updates run one after the other. A training an
// operation is changing is refused (training.ErrChangeInProgress).
func (r *SQLiteTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) error {
	return r.inTx(ctx, func(tx *sqlstore.Tx) error {
		tr, err := sqliteLoadUnchanging(ctx, tx, uuid, user)
		if err != nil {
			return err
		}
		updated, err := updateFn(ctx, tr)
		if err != nil {
			return err
		}
		return sqliteStore(ctx, tx, updated.Marshal())
	})
}

func (r *SQLiteTrainingRepository) BeginSchedule(ctx context.Context, tr *training.Training, op *command.Operation) error {
	return r.inTx(ctx, func(tx *sqlstore.Tx) error {
		if err := sqliteInsert(ctx, tx, tr.Marshal()); err != nil {
			return err
		}
		return sqliteBegin(ctx, tx, op)
	})
}

func (r *SQLiteTrainingRepository) Begin(ctx context.Context, uuid string, user training.User,
	plan func(tr *training.Training) (*command.Operation, error)) (op *command.Operation, err error) {
	err = r.inTx(ctx, func(tx *sqlstore.Tx) error {
		tr, err := sqliteLoadUnchanging(ctx, tx, uuid, user)
		if err != nil {
			return err
		}
		if op, err = plan(tr); err != nil {
			return err
		}
		return sqliteBegin(ctx, tx, op)
	})
	return op, err
}

// sqliteBegin stores a new operation and marks its training as changing.
func sqliteBegin(ctx context.Context, tx *sqlstore.Tx, op *command.Operation) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM operations WHERE training_uuid = ?`, op.TrainingUUID).Scan(&n); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	op.ID = operationID(op.TrainingUUID, n+1)
	body, err := encodeBody(op)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if _, err := tx.ExecContext(ctx, `INSERT INTO operations (`+operationColumns+`, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		op.ID, op.TrainingUUID, op.Kind, body, op.State, op.FailedStep, op.Reason, op.Attempts,
		op.NextAttempt.UTC(), op.LastError, op.CreatedAt.UTC(), now); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE trainings SET operation_id = ? WHERE uuid = ?`, op.ID, op.TrainingUUID); err != nil {
		return fmt.Errorf("begin operation: %w", err)
	}
	return nil
}

func (r *SQLiteTrainingRepository) Record(ctx context.Context, op *command.Operation) error {
	if op.State.Finished() {
		return nil // only Finish ends an operation, with its training
	}
	_, err := r.db.ExecContext(ctx, `UPDATE operations SET state = ?, failed_step = ?, reason = ?, attempts = ?,
		next_attempt = ?, last_error = ?, updated_at = ? WHERE id = ? AND state IN ('running', 'compensating')`,
		op.State, op.FailedStep, op.Reason, op.Attempts, op.NextAttempt.UTC(), op.LastError, time.Now().UTC(), op.ID)
	if err != nil {
		return fmt.Errorf("record operation %s: %w", op.ID, err)
	}
	return nil
}

func (r *SQLiteTrainingRepository) Finish(ctx context.Context, op *command.Operation) error {
	return r.inTx(ctx, func(tx *sqlstore.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE operations SET state = ?, failed_step = ?, reason = ?, attempts = ?,
			last_error = ?, updated_at = ? WHERE id = ? AND state IN ('running', 'compensating')`,
			op.State, op.FailedStep, op.Reason, op.Attempts, op.LastError, time.Now().UTC(), op.ID)
		if err != nil {
			return fmt.Errorf("finish operation %s: %w", op.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // finished before, by another driver
		}
		switch {
		case op.State == command.StateDone:
			err = sqliteStore(ctx, tx, op.Target)
		case op.Kind == command.KindSchedule:
			_, err = tx.ExecContext(ctx, `DELETE FROM trainings WHERE uuid = ?`, op.TrainingUUID)
		}
		if err != nil {
			return fmt.Errorf("finish operation %s: %w", op.ID, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE trainings SET operation_id = NULL WHERE uuid = ? AND operation_id = ?`, op.TrainingUUID, op.ID)
		return err
	})
}

func (r *SQLiteTrainingRepository) ClaimDue(ctx context.Context, now, until time.Time, limit int) (ops []*command.Operation, err error) {
	err = r.inTx(ctx, func(tx *sqlstore.Tx) error {
		ops, err = sqliteOperations(ctx, tx, `WHERE state IN ('running', 'compensating') AND next_attempt <= ?
			ORDER BY created_at, id LIMIT ?`, now.UTC(), limit)
		if err != nil {
			return err
		}
		for _, op := range ops {
			op.NextAttempt = until.UTC()
			if _, err := tx.ExecContext(ctx, `UPDATE operations SET next_attempt = ? WHERE id = ?`, op.NextAttempt, op.ID); err != nil {
				return fmt.Errorf("claim operation %s: %w", op.ID, err)
			}
		}
		return nil
	})
	return ops, err
}

func (r *SQLiteTrainingRepository) Unfinished(ctx context.Context) ([]*command.Operation, error) {
	return sqliteOperations(ctx, r.db, `WHERE state IN ('running', 'compensating') ORDER BY created_at, id`)
}

type sqlQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func sqliteOperations(ctx context.Context, q sqlQueryer, where string, args ...any) ([]*command.Operation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+operationColumns+` FROM operations `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read operations: %w", err)
	}
	defer rows.Close()
	var ops []*command.Operation
	for rows.Next() {
		op, err := scanOperation(rows)
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, rows.Err()
}

// inTx runs f in a transaction, which OpenSQLite's settings begin IMMEDIATE (write lock first),
// with its statements prepared once (sqlstore.Statements.InTx).
func (r *SQLiteTrainingRepository) inTx(ctx context.Context, f func(tx *sqlstore.Tx) error) error {
	return r.stmts.InTx(ctx, f)
}

func sqliteInsert(ctx context.Context, tx *sqlstore.Tx, s training.Stored) error {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO trainings (`+sqliteColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (uuid) DO NOTHING`,
		s.UUID, s.UserUUID, s.UserName, s.Time.UTC(), s.Notes,
		nullTime(s.ProposedNewTime, s.ProposedBy), nullString(s.ProposedBy), s.Canceled)
	if err != nil {
		return fmt.Errorf("add training: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("add training: %w", err)
	} else if n == 0 {
		return training.ErrTrainingExists
	}
	return nil
}

func sqliteStore(ctx context.Context, tx *sqlstore.Tx, s training.Stored) error {
	if _, err := tx.ExecContext(ctx,
		`UPDATE trainings SET time = ?, notes = ?, proposed_new_time = ?, proposed_by = ?, canceled = ?
		 WHERE uuid = ?`,
		s.Time.UTC(), s.Notes, nullTime(s.ProposedNewTime, s.ProposedBy), nullString(s.ProposedBy),
		s.Canceled, s.UUID); err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	return nil
}

func (r *SQLiteTrainingRepository) AllTrainings(ctx context.Context) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+sqliteColumns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled`)
}

func (r *SQLiteTrainingRepository) FindTrainingsForUser(ctx context.Context, userUUID string) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+sqliteColumns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled AND user_uuid = ?`, userUUID)
}

func (r *SQLiteTrainingRepository) find(ctx context.Context, q string, args ...any) ([]query.Training, error) {
	rows, err := r.stmts.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	defer rows.Close()
	var out []listed
	for rows.Next() {
		var l listed
		if err := scanSQLite(rows, &l.Stored, &l.Pending); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	return toQueryTrainings(out), nil
}

type sqlQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func sqliteLoad(ctx context.Context, q sqlQuerier, uuid string, user training.User) (*training.Training, error) {
	tr, _, err := sqliteLoadChanging(ctx, q, uuid, user)
	return tr, err
}

// sqliteLoadUnchanging loads a training for an update: training.ErrChangeInProgress when an
// operation is changing it.
func sqliteLoadUnchanging(ctx context.Context, q sqlQuerier, uuid string, user training.User) (*training.Training, error) {
	tr, changing, err := sqliteLoadChanging(ctx, q, uuid, user)
	if err == nil && changing {
		return nil, training.ErrChangeInProgress
	}
	return tr, err
}

func sqliteLoadChanging(ctx context.Context, q sqlQuerier, uuid string, user training.User) (*training.Training, bool, error) {
	var (
		s        training.Stored
		changing bool
	)
	err := scanSQLite(q.QueryRowContext(ctx, `SELECT `+sqliteColumns+`, operation_id IS NOT NULL FROM trainings WHERE uuid = ?`, uuid), &s, &changing)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, training.ErrTrainingNotFound
	}
	if err != nil {
		return nil, false, err
	}
	tr, err := authorized(s, user)
	return tr, changing, err
}

func scanSQLite(row interface{ Scan(...any) error }, s *training.Stored, changing *bool) error {
	var (
		proposedAt sql.NullTime
		proposedBy sql.NullString
	)
	err := row.Scan(&s.UUID, &s.UserUUID, &s.UserName, &s.Time, &s.Notes, &proposedAt, &proposedBy, &s.Canceled, changing)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return fmt.Errorf("read training: %w", err)
	}
	s.ProposedNewTime, s.ProposedBy = proposedAt.Time, proposedBy.String
	return nil
}

func nullTime(t time.Time, proposedBy string) sql.NullTime {
	return sql.NullTime{Time: t.UTC(), Valid: proposedBy != ""}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
