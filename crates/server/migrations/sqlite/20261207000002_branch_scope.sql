-- Branch data separation: staff of the head office see every customer.
-- Keep in step with ../postgres/.
ALTER TABLE branches ADD COLUMN head_office INTEGER NOT NULL DEFAULT 0;
