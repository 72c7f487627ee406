-- Branch data separation: staff of the head office see every customer.
-- Keep in step with ../sqlite/.
ALTER TABLE branches ADD COLUMN head_office BIGINT NOT NULL DEFAULT 0;
