-- +goose Up
-- Only hours a trainer has touched are stored; every other hour is not available. The hour is
-- text in one fixed UTC layout (2006-01-02T15:04:05Z), so text order is time order.
CREATE TABLE hours (
    hour         TEXT PRIMARY KEY,
    availability TEXT NOT NULL CHECK (availability IN ('available', 'not_available', 'training_scheduled'))
) STRICT;

-- +goose Down
DROP TABLE hours;
