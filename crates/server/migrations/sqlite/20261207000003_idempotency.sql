-- What each idempotency key was first used for: a repeat with the same
-- request replays the first answer, the same key for another request is 422.
-- Keep in step with ../postgres/.
CREATE TABLE idempotency_requests (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
