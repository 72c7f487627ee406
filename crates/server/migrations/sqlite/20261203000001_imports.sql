-- Imports: a transaction's reference in the source system is its natural key, so importing
-- the same file twice adds nothing (NULL for transactions created here).

ALTER TABLE transactions ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX transactions_external_ref ON transactions (external_ref);
