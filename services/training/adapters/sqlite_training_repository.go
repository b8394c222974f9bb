package adapters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// SQLiteTrainingRepository stores trainings in an SQLite file: the default storage, needing
// no server. Open the database with OpenSQLite, whose settings serialise updates.
type SQLiteTrainingRepository struct {
	db *sql.DB
}

func NewSQLiteTrainingRepository(db *sql.DB) *SQLiteTrainingRepository {
	return &SQLiteTrainingRepository{db: db}
}

const sqliteColumns = `uuid, user_uuid, user_name, time, notes, proposed_new_time, proposed_by, canceled`

func (r *SQLiteTrainingRepository) AddTraining(ctx context.Context, tr *training.Training) error {
	s := tr.Marshal()
	res, err := r.db.ExecContext(ctx,
		`INSERT INTO trainings (`+sqliteColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (uuid) DO NOTHING`,
		s.UUID, s.UserUUID, s.UserName, s.Time.UTC(), s.Notes,
		nullTime(s.ProposedNewTime, s.ProposedBy), nullString(s.ProposedBy), s.Canceled)
	if err != nil {
		return fmt.Errorf("add training: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("add training: %w", err)
	}
	if n == 0 {
		return training.ErrTrainingExists
	}
	return nil
}

func (r *SQLiteTrainingRepository) GetTraining(ctx context.Context, uuid string, user training.User) (*training.Training, error) {
	return sqliteLoad(ctx, r.db, uuid, user)
}

// UpdateTraining runs in a BEGIN IMMEDIATE transaction (see OpenSQLite): it holds the write
// lock from the first read, so concurrent updates run one after the other.
func (r *SQLiteTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) (err error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	tr, err := sqliteLoad(ctx, tx, uuid, user)
	if err != nil {
		return err
	}
	updated, err := updateFn(ctx, tr)
	if err != nil {
		return err
	}
	s := updated.Marshal()
	if _, err = tx.ExecContext(ctx,
		`UPDATE trainings SET time = ?, notes = ?, proposed_new_time = ?, proposed_by = ?, canceled = ?
		 WHERE uuid = ?`,
		s.Time.UTC(), s.Notes, nullTime(s.ProposedNewTime, s.ProposedBy), nullString(s.ProposedBy),
		s.Canceled, uuid); err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	return nil
}

func (r *SQLiteTrainingRepository) AllTrainings(ctx context.Context) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+sqliteColumns+` FROM trainings WHERE NOT canceled`)
}

func (r *SQLiteTrainingRepository) FindTrainingsForUser(ctx context.Context, userUUID string) ([]query.Training, error) {
	return r.find(ctx, `SELECT `+sqliteColumns+` FROM trainings WHERE NOT canceled AND user_uuid = ?`, userUUID)
}

func (r *SQLiteTrainingRepository) find(ctx context.Context, q string, args ...any) ([]query.Training, error) {
	rows, err := r.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	defer rows.Close()
	var out []training.Stored
	for rows.Next() {
		s, err := scanSQLite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
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
	s, err := scanSQLite(q.QueryRowContext(ctx, `SELECT `+sqliteColumns+` FROM trainings WHERE uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, training.ErrTrainingNotFound
	}
	if err != nil {
		return nil, err
	}
	return authorized(s, user)
}

func scanSQLite(row interface{ Scan(...any) error }) (training.Stored, error) {
	var (
		s          training.Stored
		proposedAt sql.NullTime
		proposedBy sql.NullString
	)
	err := row.Scan(&s.UUID, &s.UserUUID, &s.UserName, &s.Time, &s.Notes, &proposedAt, &proposedBy, &s.Canceled)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return s, err
		}
		return s, fmt.Errorf("read training: %w", err)
	}
	s.ProposedNewTime, s.ProposedBy = proposedAt.Time, proposedBy.String
	return s, nil
}

func nullTime(t time.Time, proposedBy string) sql.NullTime {
	return sql.NullTime{Time: t.UTC(), Valid: proposedBy != ""}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
