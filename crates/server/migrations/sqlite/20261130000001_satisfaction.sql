-- Satisfaction and KPI dashboards: survey kinds and extra questions, complaint topics,
-- detractor follow-up tasks, and the rollup tables every dashboard widget reads.
-- Rollup dimensions use '' (never NULL) so they can be part of the primary key.

ALTER TABLE survey_responses ADD COLUMN survey TEXT;
ALTER TABLE survey_responses ADD COLUMN speed INTEGER CHECK (speed BETWEEN 1 AND 5);
ALTER TABLE survey_responses ADD COLUMN product_fit INTEGER CHECK (product_fit BETWEEN 1 AND 5);
ALTER TABLE survey_responses ADD COLUMN rewards_value INTEGER CHECK (rewards_value BETWEEN 1 AND 5);
ALTER TABLE survey_responses ADD COLUMN topic TEXT;
ALTER TABLE survey_responses ADD COLUMN campaign_id INTEGER;
CREATE INDEX survey_responses_time ON survey_responses (responded_at);

CREATE TABLE follow_up_tasks (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL,
    branch_id          INTEGER NOT NULL REFERENCES branches (id),
    survey_response_id INTEGER NOT NULL UNIQUE REFERENCES survey_responses (id),
    created_at         INTEGER NOT NULL,
    due_on             TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    note               TEXT,
    done_by            INTEGER REFERENCES users (id),
    done_at            INTEGER,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX follow_up_tasks_customer ON follow_up_tasks (customer_id);
CREATE INDEX follow_up_tasks_status_due ON follow_up_tasks (status, due_on);

CREATE TABLE rollup_satisfaction (
    month          TEXT NOT NULL,
    province       TEXT NOT NULL,
    branch_id      INTEGER NOT NULL,
    product        TEXT NOT NULL,
    segment        TEXT NOT NULL,
    channel        TEXT NOT NULL,
    touchpoint     TEXT NOT NULL,
    topic          TEXT NOT NULL,
    responses      INTEGER NOT NULL,
    promoters      INTEGER NOT NULL,
    passives       INTEGER NOT NULL,
    detractors     INTEGER NOT NULL,
    csat_n         INTEGER NOT NULL,
    csat_sum       INTEGER NOT NULL,
    csat_satisfied INTEGER NOT NULL,
    PRIMARY KEY (month, province, branch_id, product, segment, channel, touchpoint, topic)
);

CREATE TABLE rollup_cards (
    month            TEXT NOT NULL,
    province         TEXT NOT NULL,
    product          TEXT NOT NULL,
    segment          TEXT NOT NULL,
    in_force         INTEGER NOT NULL,
    new_cards        INTEGER NOT NULL,
    closed           INTEGER NOT NULL,
    active_30        INTEGER NOT NULL,
    active_90        INTEGER NOT NULL,
    dormant          INTEGER NOT NULL,
    cards_with_spend INTEGER NOT NULL,
    spend_fen        INTEGER NOT NULL,
    statements       INTEGER NOT NULL,
    balance_fen      INTEGER NOT NULL,
    revolving_fen    INTEGER NOT NULL,
    dpd_1_30         INTEGER NOT NULL,
    dpd_31_60        INTEGER NOT NULL,
    dpd_61_90        INTEGER NOT NULL,
    dpd_90_plus      INTEGER NOT NULL,
    points_issued    INTEGER NOT NULL,
    points_redeemed  INTEGER NOT NULL,
    PRIMARY KEY (month, province, product, segment)
);

CREATE TABLE rollup_service (
    month                 TEXT NOT NULL,
    province              TEXT NOT NULL,
    product               TEXT NOT NULL,
    segment               TEXT NOT NULL,
    channel               TEXT NOT NULL,
    interactions          INTEGER NOT NULL,
    responded             INTEGER NOT NULL,
    first_response_secs   INTEGER NOT NULL,
    first_response_in_sla INTEGER NOT NULL,
    resolved              INTEGER NOT NULL,
    resolution_secs       INTEGER NOT NULL,
    resolution_in_sla     INTEGER NOT NULL,
    pending               INTEGER NOT NULL,
    PRIMARY KEY (month, province, product, segment, channel)
);
