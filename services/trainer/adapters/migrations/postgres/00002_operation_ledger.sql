-- +goose Up
-- The first answer to each operation the training service sent (libs/sqlstore OncePostgres):
-- a repeated call with the same id gets this answer and changes nothing.
CREATE TABLE operation_ledger (
    id         text PRIMARY KEY,
    request    text        NOT NULL,
    reason     text        NOT NULL DEFAULT '',
    result     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE operation_ledger;
