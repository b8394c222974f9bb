-- +goose Up
-- How a user logs in: one account per e-mail address (stored lower-case) and per user. The
-- password is stored only as its argon2id hash, in the encoded form that names its parameters.
CREATE TABLE accounts (
    email         text NOT NULL PRIMARY KEY,
    user_id       uuid NOT NULL UNIQUE REFERENCES users (id),
    password_hash text NOT NULL
);

-- +goose Down
DROP TABLE accounts;
