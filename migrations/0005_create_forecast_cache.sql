-- Cached forecasts of stored series, one row per (series, horizon, levels). A row is valid while
-- the fingerprints match: `data_fingerprint` of the series' hourly rollups (latest hour, hour
-- count, sum of sums, sample count) and `context_fingerprint` of everything else the forecast
-- reads (events, time zone, federal state, cache format). New samples change the first, so a
-- stale row is never served; it is overwritten by the next miss.
CREATE TABLE forecast_cache (
  tenant_id uuid NOT NULL,
  series_id uuid NOT NULL,
  horizon_ms bigint NOT NULL CHECK (horizon_ms > 0),
  -- Sorted levels as text, e.g. '80,95,99'.
  levels text NOT NULL,
  data_fingerprint text NOT NULL,
  context_fingerprint text NOT NULL,
  result jsonb NOT NULL,
  generated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, series_id, horizon_ms, levels),
  FOREIGN KEY (tenant_id, series_id) REFERENCES series (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE forecast_cache ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON forecast_cache
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
