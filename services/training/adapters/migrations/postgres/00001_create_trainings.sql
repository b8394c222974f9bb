-- +goose Up
CREATE TABLE trainings (
    uuid              TEXT PRIMARY KEY,
    user_uuid         TEXT        NOT NULL,
    user_name         TEXT        NOT NULL,
    time              TIMESTAMPTZ NOT NULL,
    notes             TEXT        NOT NULL DEFAULT '',
    -- both NULL while no new time is proposed
    proposed_new_time TIMESTAMPTZ,
    proposed_by       TEXT CHECK (proposed_by IN ('trainer', 'attendee')),
    canceled          BOOLEAN     NOT NULL DEFAULT FALSE,
    CHECK ((proposed_new_time IS NULL) = (proposed_by IS NULL))
);

-- the attendee's list and the trainer's list both read by time
CREATE INDEX trainings_user_uuid_time ON trainings (user_uuid, time);
CREATE INDEX trainings_time ON trainings (time);

-- +goose Down
DROP TABLE trainings;
