-- +goose Up
-- How a user logs in: one account per e-mail address (stored lower-case) and per user. The
-- password is stored only as its argon2id hash, in the encoded form that names its parameters.
CREATE TABLE accounts (
    email         TEXT NOT NULL PRIMARY KEY,
    user_id       TEXT NOT NULL UNIQUE REFERENCES users (id),
    password_hash TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE accounts;
