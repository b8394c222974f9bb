-- +goose Up
-- The operation changing a training together with the trainer and user services, while it runs
-- (app/command's Operation); NULL when none.
ALTER TABLE trainings ADD COLUMN operation_id text;

-- Every cross-service operation, recorded before any other service is called. body holds what
-- never changes (steps, the training's target state) as JSON; the other columns its progress.
CREATE TABLE operations (
    id            text PRIMARY KEY,
    training_uuid text        NOT NULL,
    kind          text        NOT NULL,
    body          jsonb       NOT NULL,
    state         text        NOT NULL CHECK (state IN ('running', 'compensating', 'done', 'failed')),
    failed_step   integer     NOT NULL DEFAULT 0,
    reason        text        NOT NULL DEFAULT '',
    attempts      integer     NOT NULL DEFAULT 0,
    next_attempt  timestamptz NOT NULL,
    last_error    text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX operations_training ON operations (training_uuid);
-- the worker's search: unfinished operations due for another attempt
CREATE INDEX operations_due ON operations (next_attempt) WHERE state IN ('running', 'compensating');

-- +goose Down
DROP TABLE operations;
ALTER TABLE trainings DROP COLUMN operation_id;
