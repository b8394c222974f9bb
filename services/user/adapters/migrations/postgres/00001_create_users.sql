-- +goose Up
-- The CHECK on balance is a second guard behind the domain: no code path can store a negative
-- balance, even one that bypasses the aggregate.
CREATE TABLE users (
    id           uuid PRIMARY KEY,
    role         text    NOT NULL CHECK (role IN ('trainer', 'attendee')),
    display_name text    NOT NULL,
    balance      integer NOT NULL CHECK (balance >= 0)
);

-- +goose Down
DROP TABLE users;
