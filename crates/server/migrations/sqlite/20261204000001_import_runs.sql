-- Import runs (history, progress, report), every problem of a run for download,
-- and saved column mappings.

CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    dry_run     INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    bytes_total INTEGER NOT NULL,
    rows_done   INTEGER NOT NULL DEFAULT 0,
    report      TEXT,
    error       TEXT,
    problems    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_problems (
    id     INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES import_runs (id),
    line   INTEGER NOT NULL,
    field  TEXT NOT NULL,
    code   TEXT NOT NULL
);
CREATE INDEX import_problems_run ON import_problems (run_id, id);

CREATE TABLE import_mappings (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    columns    TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, name)
);
