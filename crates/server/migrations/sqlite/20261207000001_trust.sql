-- Trust: user administration, a sign-in limiter that holds across instances,
-- and an append-only audit log. Keep in step with ../postgres/.

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- 1 while the account has the demo password (set by the demo seed only).
ALTER TABLE users ADD COLUMN demo_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- Failed sign-ins per key: 'u:<user name>' (delayed, never locked) and
-- 'ip:<client address>' (blocked for the rest of the window).
CREATE TABLE sign_in_failures (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    last_at      INTEGER NOT NULL
);

-- The audit log gains the client address, and a failed sign-in has no user.
CREATE TABLE audit_log_new (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    action      TEXT NOT NULL,
    customer_id INTEGER,
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT
);
INSERT INTO audit_log_new (id, at, user_id, action, customer_id, detail)
    SELECT id, at, user_id, action, customer_id, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_customer ON audit_log (customer_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only: no statement edits or deletes an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
