-- The cardholder portal: purchases converted to installment plans (the schedule is computed
-- from principal, months, fee and first cycle; see crm_api::portal::schedule), and when the
-- cardholder last read their messages.

CREATE TABLE installment_plans (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    card_id         INTEGER NOT NULL REFERENCES cards (id),
    transaction_id  INTEGER NOT NULL UNIQUE REFERENCES transactions (id),
    months          INTEGER NOT NULL CHECK (months IN (3, 6, 12)),
    principal_fen   INTEGER NOT NULL CHECK (principal_fen > 0),
    currency        TEXT NOT NULL DEFAULT 'CNY',
    fee_bp          INTEGER NOT NULL CHECK (fee_bp >= 0),
    campaign_id     INTEGER REFERENCES campaigns (id),
    first_cycle     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX installment_plans_customer ON installment_plans (customer_id, created_at);
CREATE INDEX installment_plans_card ON installment_plans (card_id, first_cycle);

CREATE TABLE portal_reads (
    customer_id      INTEGER PRIMARY KEY REFERENCES customers (id),
    messages_read_at INTEGER NOT NULL
);
