-- Precision marketing: segments (rules as JSON), their size history, campaigns with
-- maker-checker approval, members with a holdout arm, the delivery outbox, the
-- default adapter's delivery log, and attributed responses.

CREATE TABLE segments (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    rules           TEXT NOT NULL,
    ready_made      INTEGER NOT NULL DEFAULT 0,
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    last_size       INTEGER,
    last_counted_at INTEGER
);

CREATE TABLE segment_sizes (
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    PRIMARY KEY (segment_id, at)
);

CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'launched', 'completed', 'cancelled')),
    segment_id       INTEGER REFERENCES segments (id),
    rules            TEXT,
    offer_kind       TEXT,
    offer            TEXT NOT NULL DEFAULT '{}',
    valid_from       TEXT,
    valid_to         TEXT,
    budget_fen       INTEGER NOT NULL DEFAULT 0,
    channel          TEXT,
    template         TEXT NOT NULL DEFAULT '',
    send_at          INTEGER,
    quiet_hours      INTEGER NOT NULL DEFAULT 1,
    cap_messages     INTEGER NOT NULL DEFAULT 2,
    cap_days         INTEGER NOT NULL DEFAULT 7,
    holdout_pct      INTEGER NOT NULL DEFAULT 10 CHECK (holdout_pct BETWEEN 0 AND 50),
    holdout_seed     INTEGER NOT NULL,
    attribution_days INTEGER NOT NULL DEFAULT 30,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    submitted_by     INTEGER REFERENCES users (id),
    submitted_at     INTEGER,
    decided_by       INTEGER REFERENCES users (id),
    decided_at       INTEGER,
    decision_comment TEXT,
    launched_at      INTEGER,
    completed_at     INTEGER,
    attributed_at    INTEGER,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX campaigns_status ON campaigns (status);

CREATE TABLE campaign_members (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    arm         TEXT NOT NULL CHECK (arm IN ('treatment', 'control')),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, customer_id)
);
CREATE INDEX campaign_members_customer ON campaign_members (customer_id, campaign_id);

CREATE TABLE deliveries (
    id                INTEGER PRIMARY KEY,
    campaign_id       INTEGER NOT NULL REFERENCES campaigns (id),
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    channel           TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL,
    sent_at           INTEGER,
    suppressed_reason TEXT,
    last_error        TEXT,
    message           TEXT NOT NULL,
    UNIQUE (campaign_id, customer_id)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_customer ON deliveries (customer_id, sent_at);

CREATE TABLE delivery_log (
    delivery_id INTEGER PRIMARY KEY REFERENCES deliveries (id),
    customer_id INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    sent_at     INTEGER NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX delivery_log_customer ON delivery_log (customer_id, sent_at);

CREATE TABLE campaign_responses (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    arm          TEXT NOT NULL CHECK (arm IN ('treatment', 'control')),
    responded_at INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, customer_id)
);
CREATE INDEX campaign_responses_customer ON campaign_responses (customer_id, campaign_id);
