-- Maker–checker for large goodwill points adjustments: above the threshold
-- an adjustment waits here until a second person (a manager who did not ask
-- for it) approves or rejects it. Keep in step with ../postgres/.
CREATE TABLE points_adjustment_requests (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
    points           INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    ticket_id        INTEGER REFERENCES tickets (id),
    idempotency_key  TEXT NOT NULL UNIQUE,
    requested_by     INTEGER NOT NULL REFERENCES users (id),
    requested_at     INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by       INTEGER REFERENCES users (id),
    decided_at       INTEGER,
    decision_comment TEXT,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX points_adjustment_requests_customer ON points_adjustment_requests (customer_id, status);
CREATE INDEX points_adjustment_requests_status ON points_adjustment_requests (status, requested_at);
