-- Cardinal schema, SQLite flavour. Keep in step with ../postgres/.
-- Money: integer fen + currency. Times: *_at = Unix seconds UTC. Dates: *_on / *_date = 'YYYY-MM-DD' (Asia/Shanghai).
-- customer_id is on every customer-owned table and leads its indexes (the partition key for sharding later).

CREATE TABLE branches (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    province    TEXT NOT NULL,
    city        TEXT NOT NULL
);

CREATE TABLE card_products (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    tier            TEXT NOT NULL CHECK (tier IN ('standard', 'gold', 'platinum', 'diamond')),
    bin             TEXT NOT NULL CHECK (length(bin) = 6),
    annual_fee_fen  INTEGER NOT NULL CHECK (annual_fee_fen >= 0),
    points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan >= 0),
    currency        TEXT NOT NULL DEFAULT 'CNY'
);

CREATE TABLE customers (
    id                    INTEGER PRIMARY KEY,
    customer_no           TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    gender                TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date            TEXT NOT NULL,
    national_id_masked    TEXT NOT NULL,
    national_id_hash      TEXT NOT NULL UNIQUE,
    national_id_sealed    TEXT NOT NULL,
    mobile                TEXT NOT NULL,
    email                 TEXT,
    province              TEXT NOT NULL,
    city                  TEXT NOT NULL,
    residence             TEXT NOT NULL CHECK (residence IN ('urban', 'rural')),
    occupation            TEXT NOT NULL,
    income_band           TEXT NOT NULL,
    branch_id             INTEGER NOT NULL REFERENCES branches (id),
    joined_on             TEXT NOT NULL,
    consent_sms           INTEGER NOT NULL DEFAULT 0,
    consent_app_push      INTEGER NOT NULL DEFAULT 0,
    consent_wechat        INTEGER NOT NULL DEFAULT 0,
    consent_email         INTEGER NOT NULL DEFAULT 0,
    consent_outbound_call INTEGER NOT NULL DEFAULT 0,
    do_not_disturb        INTEGER NOT NULL DEFAULT 0,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX customers_name ON customers (name);
CREATE INDEX customers_mobile ON customers (mobile);
CREATE INDEX customers_branch ON customers (branch_id);

CREATE TABLE cards (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
    product_id       INTEGER NOT NULL REFERENCES card_products (id),
    pan_token        TEXT NOT NULL UNIQUE,
    pan_first6       TEXT NOT NULL CHECK (length(pan_first6) = 6),
    pan_last4        TEXT NOT NULL CHECK (length(pan_last4) = 4),
    credit_limit_fen INTEGER NOT NULL CHECK (credit_limit_fen >= 0),
    currency         TEXT NOT NULL DEFAULT 'CNY',
    status           TEXT NOT NULL CHECK (status IN ('active', 'locked', 'lost', 'closed')),
    opened_on        TEXT NOT NULL,
    closed_on        TEXT,
    is_primary       INTEGER NOT NULL DEFAULT 1,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cards_customer ON cards (customer_id);
CREATE INDEX cards_last4 ON cards (pan_last4);

CREATE TABLE transactions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    card_id     INTEGER NOT NULL REFERENCES cards (id),
    occurred_at INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL,
    currency    TEXT NOT NULL DEFAULT 'CNY',
    merchant    TEXT NOT NULL,
    category    TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('pos', 'online', 'mobile_qr', 'atm')),
    installment INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX transactions_customer_time ON transactions (customer_id, occurred_at);
CREATE INDEX transactions_card_time ON transactions (card_id, occurred_at);

CREATE TABLE statements (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL,
    card_id           INTEGER NOT NULL REFERENCES cards (id),
    cycle             TEXT NOT NULL,
    closing_date      TEXT NOT NULL,
    previous_balance_fen INTEGER NOT NULL,
    purchases_fen     INTEGER NOT NULL,
    interest_fen      INTEGER NOT NULL DEFAULT 0,
    new_balance_fen   INTEGER NOT NULL,
    minimum_due_fen   INTEGER NOT NULL,
    due_date          TEXT NOT NULL,
    paid_fen          INTEGER NOT NULL DEFAULT 0,
    paid_on           TEXT,
    days_past_due     INTEGER NOT NULL DEFAULT 0 CHECK (days_past_due >= 0),
    currency          TEXT NOT NULL DEFAULT 'CNY',
    UNIQUE (card_id, cycle)
);
CREATE INDEX statements_customer_cycle ON statements (customer_id, cycle);

CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL,
    card_id         INTEGER NOT NULL REFERENCES cards (id),
    statement_id    INTEGER REFERENCES statements (id),
    paid_at         INTEGER NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    currency        TEXT NOT NULL DEFAULT 'CNY',
    channel         TEXT NOT NULL,
    idempotency_key TEXT UNIQUE
);
CREATE INDEX payments_customer_time ON payments (customer_id, paid_at);

CREATE TABLE points_ledger (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL,
    card_id         INTEGER REFERENCES cards (id),
    occurred_at     INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'adjust')),
    points          INTEGER NOT NULL,
    expires_on      TEXT,
    description     TEXT NOT NULL,
    idempotency_key TEXT UNIQUE
);
CREATE INDEX points_ledger_customer_time ON points_ledger (customer_id, occurred_at);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'marketer', 'agent', 'cardholder')),
    branch_id     INTEGER REFERENCES branches (id),
    customer_id   INTEGER REFERENCES customers (id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    CHECK ((role = 'cardholder') = (customer_id IS NOT NULL))
);
CREATE INDEX users_customer ON users (customer_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE service_interactions (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL,
    occurred_at         INTEGER NOT NULL,
    channel             TEXT NOT NULL,
    kind                TEXT NOT NULL,
    agent_id            INTEGER REFERENCES users (id),
    outcome             TEXT NOT NULL CHECK (outcome IN ('resolved', 'escalated', 'pending')),
    first_response_secs INTEGER,
    resolution_secs     INTEGER,
    summary             TEXT NOT NULL
);
CREATE INDEX service_interactions_customer_time ON service_interactions (customer_id, occurred_at);

CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL,
    responded_at    INTEGER NOT NULL,
    nps             INTEGER CHECK (nps BETWEEN 0 AND 10),
    csat            INTEGER CHECK (csat BETWEEN 1 AND 5),
    channel         TEXT NOT NULL,
    touchpoint      TEXT NOT NULL,
    interaction_id  INTEGER REFERENCES service_interactions (id),
    comment         TEXT,
    idempotency_key TEXT UNIQUE,
    CHECK (nps IS NOT NULL OR csat IS NOT NULL)
);
CREATE INDEX survey_responses_customer_time ON survey_responses (customer_id, responded_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL,
    customer_id INTEGER,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_customer ON audit_log (customer_id, at);

CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
