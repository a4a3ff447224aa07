-- A counter per series that every write of its samples raises in the same transaction, so a
-- cached forecast is checked for freshness by reading one row instead of summing the rollups.
ALTER TABLE series ADD COLUMN data_version bigint NOT NULL DEFAULT 0;
