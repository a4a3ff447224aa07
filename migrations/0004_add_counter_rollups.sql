-- Counters in hourly rollups: `increase` is what a cumulative counter grew by during the hour
-- (a drop is a reset: the new total counts from zero), measured from the sample before the hour;
-- for `delta` series it is the sum of the deltas. Gauges leave it NULL. rate = increase / 3600 s.
-- No extra index on samples for retention: a second b-tree would tax every write, and the hourly
-- retention sweep reads the primary key's tenant prefix instead.
ALTER TABLE rollups_hourly ADD COLUMN increase double precision;
