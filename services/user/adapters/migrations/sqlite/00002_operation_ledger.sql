-- +goose Up
-- The first answer to each operation the training service sent (libs/sqlstore OnceSQLite):
-- a repeated call with the same id gets this answer and changes nothing.
CREATE TABLE operation_ledger (
    id         TEXT PRIMARY KEY,
    request    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    result     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- +goose Down
DROP TABLE operation_ledger;
