-- +goose Up
-- Only hours a trainer has touched are stored; every other hour is not available.
CREATE TABLE hours (
    hour         timestamptz PRIMARY KEY,
    availability text NOT NULL CHECK (availability IN ('available', 'not_available', 'training_scheduled'))
);

-- +goose Down
DROP TABLE hours;
