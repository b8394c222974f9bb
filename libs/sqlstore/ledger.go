package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/idempotency"
)

// The ledger is a table every participant's migrations create, the same in both dialects:
//
//	CREATE TABLE operation_ledger (
//	    id      TEXT PRIMARY KEY,  -- the caller's operation id
//	    request TEXT NOT NULL,     -- what it asked (idempotency.Key.Request)
//	    reason  TEXT NOT NULL DEFAULT '',  -- the refusal's reason, '' when applied
//	    result  TEXT NOT NULL DEFAULT '',
//	    created_at ...             -- when it was first answered
//	);
//
// OnceSQLite and OncePostgres run a change inside the caller's transaction at most once per
// key. The ledger row is inserted first, so a concurrent call with the same id waits on its
// primary key until this transaction ends and then reads the answer. The change runs under a
// savepoint: a refusal undoes whatever the change wrote, and only the refusal is recorded and
// committed, so a repeated call is refused again even if the refusal would no longer hold.

// OnceSQLite is the ledger for a BEGIN IMMEDIATE transaction (Statements.InTx, or a connection
// in InImmediateTx). It returns the answer to give: apply's result or refusal, or the recorded one.
// An error means the caller must roll back: nothing was recorded.
func OnceSQLite(ctx context.Context, conn Querier, k idempotency.Key, apply func() (string, error)) (idempotency.Outcome, error) {
	res, err := conn.ExecContext(ctx, `INSERT INTO operation_ledger (id, request) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, k.ID, k.Request)
	if err != nil {
		return idempotency.Outcome{}, fmt.Errorf("claim operation %s: %w", k.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return idempotency.Outcome{}, fmt.Errorf("claim operation %s: %w", k.ID, err)
	} else if n == 0 {
		var a idempotency.Answer
		err := conn.QueryRowContext(ctx, `SELECT request, reason, result FROM operation_ledger WHERE id = ?`, k.ID).
			Scan(&a.Request, &a.Reason, &a.Result)
		if err != nil {
			return idempotency.Outcome{}, fmt.Errorf("read operation %s: %w", k.ID, err)
		}
		return a.Outcome(k), nil
	}
	if _, err := conn.ExecContext(ctx, `SAVEPOINT once`); err != nil {
		return idempotency.Outcome{}, err
	}
	result, applyErr := apply()
	var a idempotency.Answer
	switch {
	case applyErr == nil:
		if _, err := conn.ExecContext(ctx, `RELEASE once`); err != nil {
			return idempotency.Outcome{}, err
		}
		a = idempotency.Applied(k, result)
	case errs.IsRefusal(applyErr):
		if _, err := conn.ExecContext(ctx, `ROLLBACK TO once`); err != nil {
			return idempotency.Outcome{}, err
		}
		a = idempotency.Refused(k, applyErr)
	default:
		return idempotency.Outcome{}, applyErr
	}
	if _, err := conn.ExecContext(ctx, `UPDATE operation_ledger SET reason = ?, result = ? WHERE id = ?`, a.Reason, a.Result, k.ID); err != nil {
		return idempotency.Outcome{}, fmt.Errorf("record operation %s: %w", k.ID, err)
	}
	return idempotency.Outcome{Result: result, Refusal: applyErr}, nil
}

// OncePostgres is OnceSQLite for a pgx transaction.
func OncePostgres(ctx context.Context, tx pgx.Tx, k idempotency.Key, apply func(tx pgx.Tx) (string, error)) (idempotency.Outcome, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO operation_ledger (id, request) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, k.ID, k.Request)
	if err != nil {
		return idempotency.Outcome{}, fmt.Errorf("claim operation %s: %w", k.ID, err)
	}
	if tag.RowsAffected() == 0 {
		var a idempotency.Answer
		err := tx.QueryRow(ctx, `SELECT request, reason, result FROM operation_ledger WHERE id = $1`, k.ID).
			Scan(&a.Request, &a.Reason, &a.Result)
		if err != nil {
			return idempotency.Outcome{}, fmt.Errorf("read operation %s: %w", k.ID, err)
		}
		return a.Outcome(k), nil
	}
	savepoint, err := tx.Begin(ctx)
	if err != nil {
		return idempotency.Outcome{}, err
	}
	result, applyErr := apply(savepoint)
	var a idempotency.Answer
	switch {
	case applyErr == nil:
		if err := savepoint.Commit(ctx); err != nil {
			return idempotency.Outcome{}, err
		}
		a = idempotency.Applied(k, result)
	case errs.IsRefusal(applyErr):
		if err := savepoint.Rollback(ctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
			return idempotency.Outcome{}, err
		}
		a = idempotency.Refused(k, applyErr)
	default:
		return idempotency.Outcome{}, applyErr
	}
	if _, err := tx.Exec(ctx, `UPDATE operation_ledger SET reason = $2, result = $3 WHERE id = $1`, k.ID, a.Reason, a.Result); err != nil {
		return idempotency.Outcome{}, fmt.Errorf("record operation %s: %w", k.ID, err)
	}
	return idempotency.Outcome{Result: result, Refusal: applyErr}, nil
}
