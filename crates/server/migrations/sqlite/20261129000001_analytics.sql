-- Analytics results: per-customer features and scores (also the feature table segments count on),
-- per-category spend windows, model fits with the time they were computed, and run watermarks.

CREATE TABLE analytics_runs (
    id                   INTEGER PRIMARY KEY,
    mode                 TEXT NOT NULL CHECK (mode IN ('full', 'incremental')),
    started_at           INTEGER NOT NULL,
    finished_at          INTEGER,
    as_of                TEXT NOT NULL,
    customers            INTEGER NOT NULL DEFAULT 0,
    watermark_tx         INTEGER NOT NULL DEFAULT 0,
    watermark_statement  INTEGER NOT NULL DEFAULT 0,
    watermark_points     INTEGER NOT NULL DEFAULT 0,
    watermark_interaction INTEGER NOT NULL DEFAULT 0,
    watermark_card       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE model_fits (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES analytics_runs (id),
    model          TEXT NOT NULL,
    fitted_at      INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    log_likelihood REAL,
    params         TEXT NOT NULL
);
CREATE INDEX model_fits_model ON model_fits (model, fitted_at);

CREATE TABLE customer_features (
    customer_id              INTEGER PRIMARY KEY REFERENCES customers (id),
    computed_at              INTEGER NOT NULL,
    primary_product          TEXT,
    primary_tier             TEXT,
    open_cards               INTEGER NOT NULL,
    credit_limit_fen         INTEGER NOT NULL,
    balance_fen              INTEGER NOT NULL,
    utilisation              REAL NOT NULL,
    utilisation_3m_ago       REAL NOT NULL,
    tenure_months            INTEGER NOT NULL,
    tx_count_12m             INTEGER NOT NULL,
    spend_12m_fen            INTEGER NOT NULL,
    spend_90d_fen            INTEGER NOT NULL,
    spend_prev_90d_fen       INTEGER NOT NULL,
    spend_30d_fen            INTEGER NOT NULL,
    first_tx_at              INTEGER,
    last_tx_at               INTEGER,
    recency_days             INTEGER,
    rfm_r                    INTEGER NOT NULL,
    rfm_f                    INTEGER NOT NULL,
    rfm_m                    INTEGER NOT NULL,
    rfm_segment              TEXT NOT NULL,
    bg_x                     REAL NOT NULL,
    bg_t_x                   REAL NOT NULL,
    bg_t                     REAL NOT NULL,
    p_alive                  REAL NOT NULL,
    expected_tx_90d          REAL NOT NULL,
    expected_avg_spend_fen   INTEGER NOT NULL,
    clv_12m_fen              INTEGER NOT NULL,
    value_tier               TEXT NOT NULL,
    churn_band               TEXT NOT NULL,
    churn_reasons            TEXT NOT NULL,
    risk_score               INTEGER NOT NULL,
    risk_band                TEXT NOT NULL,
    risk_reasons             TEXT NOT NULL,
    limit_increase_candidate INTEGER NOT NULL,
    days_past_due            INTEGER NOT NULL,
    max_dpd_12m              INTEGER NOT NULL,
    min_pay_streak           INTEGER NOT NULL,
    cash_advances_90d        INTEGER NOT NULL,
    top_category             TEXT,
    top_category_share       REAL NOT NULL,
    preferred_channel        TEXT,
    points_balance           INTEGER NOT NULL,
    points_expiring_60d      INTEGER NOT NULL,
    points_expiring_on       TEXT,
    offers                   TEXT NOT NULL
);
CREATE INDEX customer_features_rfm ON customer_features (rfm_segment);
CREATE INDEX customer_features_churn ON customer_features (churn_band);
CREATE INDEX customer_features_risk ON customer_features (risk_band);
CREATE INDEX customer_features_value ON customer_features (value_tier);

CREATE TABLE customer_category_spend (
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    category       TEXT NOT NULL,
    spend_30d_fen  INTEGER NOT NULL,
    spend_90d_fen  INTEGER NOT NULL,
    spend_365d_fen INTEGER NOT NULL,
    count_90d      INTEGER NOT NULL,
    count_365d     INTEGER NOT NULL,
    PRIMARY KEY (customer_id, category)
);
CREATE INDEX customer_category_spend_category ON customer_category_spend (category, spend_90d_fen);
