-- The series-key trigger ran on every update of a series row; ingest now raises each written
-- series' data version, so it ran on every write. Only an insert or an update that names
-- series_key needs it.
DROP TRIGGER series_key ON series;
CREATE TRIGGER series_key BEFORE INSERT OR UPDATE OF series_key ON series
  FOR EACH ROW EXECUTE FUNCTION lastplan_assign_series_key();
