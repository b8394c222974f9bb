-- +goose Up
-- The operation changing a training together with the trainer and user services, while it runs
-- (app/command's Operation); NULL when none.
ALTER TABLE trainings ADD COLUMN operation_id TEXT;

-- Every cross-service operation, recorded before any other service is called. body holds what
-- never changes (steps, the training's target state) as JSON; the other columns its progress.
-- Times are UTC, written by the repository, so their text sorts in time order.
CREATE TABLE operations (
    id            TEXT PRIMARY KEY,
    training_uuid TEXT     NOT NULL,
    kind          TEXT     NOT NULL,
    body          TEXT     NOT NULL,
    state         TEXT     NOT NULL CHECK (state IN ('running', 'compensating', 'done', 'failed')),
    failed_step   INTEGER  NOT NULL DEFAULT 0,
    reason        TEXT     NOT NULL DEFAULT '',
    attempts      INTEGER  NOT NULL DEFAULT 0,
    next_attempt  DATETIME NOT NULL,
    last_error    TEXT     NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);

CREATE INDEX operations_training ON operations (training_uuid);
-- the worker's search: unfinished operations due for another attempt
CREATE INDEX operations_due ON operations (next_attempt) WHERE state IN ('running', 'compensating');

-- +goose Down
DROP TABLE operations;
ALTER TABLE trainings DROP COLUMN operation_id;
