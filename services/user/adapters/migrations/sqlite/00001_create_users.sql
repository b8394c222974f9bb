-- +goose Up
-- The CHECK on balance is a second guard behind the domain: no code path can store a negative
-- balance, even one that bypasses the aggregate.
CREATE TABLE users (
    id           TEXT    PRIMARY KEY,
    role         TEXT    NOT NULL CHECK (role IN ('trainer', 'attendee')),
    display_name TEXT    NOT NULL,
    balance      INTEGER NOT NULL CHECK (balance >= 0)
) STRICT;

-- +goose Down
DROP TABLE users;
