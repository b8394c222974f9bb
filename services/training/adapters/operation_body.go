package adapters

import (
	"encoding/json"
	"fmt"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// operationBody is the part of an operation that never changes, stored as JSON in both SQL
// backends (operations.body); its progress has columns of its own.
type operationBody struct {
	Steps  []command.Step  `json:"steps"`
	Target training.Stored `json:"target"`
}

func encodeBody(op *command.Operation) (string, error) {
	b, err := json.Marshal(operationBody{Steps: op.Steps, Target: op.Target})
	if err != nil {
		return "", fmt.Errorf("encode operation %s: %w", op.ID, err)
	}
	return string(b), nil
}

func decodeBody(op *command.Operation, body []byte) error {
	var b operationBody
	if err := json.Unmarshal(body, &b); err != nil {
		return fmt.Errorf("decode operation %s: %w", op.ID, err)
	}
	op.Steps, op.Target = b.Steps, b.Target
	return nil
}

// operationColumns are read back in this order by every backend's scan.
const operationColumns = `id, training_uuid, kind, body, state, failed_step, reason, attempts, next_attempt, last_error, created_at`

// rowScanner is a database/sql or pgx row.
type rowScanner interface{ Scan(dest ...any) error }

func scanOperation(row rowScanner) (*command.Operation, error) {
	var (
		op   command.Operation
		body []byte
	)
	err := row.Scan(&op.ID, &op.TrainingUUID, &op.Kind, &body, &op.State, &op.FailedStep, &op.Reason,
		&op.Attempts, &op.NextAttempt, &op.LastError, &op.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("read operation: %w", err)
	}
	op.NextAttempt, op.CreatedAt = op.NextAttempt.UTC(), op.CreatedAt.UTC()
	return &op, decodeBody(&op, body)
}
