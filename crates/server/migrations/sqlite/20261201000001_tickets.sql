-- Service tickets: SLA due times by kind and tier, a status machine, assignment to an agent or
-- a queue, and every change in ticket_events (notes are internal, replies the customer sees).
-- Each ticket has a service_interactions row so service KPIs and surveys include ticket work.

CREATE TABLE tickets (
    id                    INTEGER PRIMARY KEY,
    customer_id           INTEGER NOT NULL REFERENCES customers (id),
    card_id               INTEGER REFERENCES cards (id),
    kind                  TEXT NOT NULL CHECK (kind IN ('inquiry', 'complaint', 'dispute', 'card_lost', 'limit_request', 'installment_request', 'points_issue')),
    channel               TEXT NOT NULL,
    priority              TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status                TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
    subject               TEXT NOT NULL,
    queue                 TEXT NOT NULL CHECK (queue IN ('general', 'cards', 'disputes', 'complaints')),
    assignee_id           INTEGER REFERENCES users (id),
    interaction_id        INTEGER NOT NULL REFERENCES service_interactions (id),
    tier                  TEXT NOT NULL,
    created_by            INTEGER NOT NULL REFERENCES users (id),
    created_at            INTEGER NOT NULL,
    first_response_due_at INTEGER NOT NULL,
    resolution_due_at     INTEGER NOT NULL,
    first_responded_at    INTEGER,
    resolved_at           INTEGER,
    closed_at             INTEGER,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_queue ON tickets (queue, status);

CREATE TABLE ticket_events (
    id                  INTEGER PRIMARY KEY,
    ticket_id           INTEGER NOT NULL REFERENCES tickets (id),
    at                  INTEGER NOT NULL,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    kind                TEXT NOT NULL,
    from_value          TEXT,
    to_value            TEXT,
    body                TEXT,
    visible_to_customer INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at);
