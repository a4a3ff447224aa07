-- Services, their metric series, raw samples and hourly rollups.

CREATE TABLE services (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- Stable key used by ingestion (`service.name`, the `service` label); unique per tenant.
  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  owner text NOT NULL DEFAULT '',
  cost_centre text NOT NULL DEFAULT '',
  tags jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);
ALTER TABLE services ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON services
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE series (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  metric text NOT NULL CHECK (length(metric) BETWEEN 1 AND 200),
  unit text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('gauge', 'counter', 'delta')),
  labels jsonb NOT NULL DEFAULT '{}',
  -- Canonical text of the sorted labels, so that a series is found by identity in one index.
  labels_key text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, service_id, metric, labels_key),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE series ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON series
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE samples (
  tenant_id uuid NOT NULL,
  series_id uuid NOT NULL,
  ts timestamptz NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (tenant_id, series_id, ts)
);
ALTER TABLE samples ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON samples
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE rollups_hourly (
  tenant_id uuid NOT NULL,
  series_id uuid NOT NULL,
  hour timestamptz NOT NULL,
  count integer NOT NULL,
  sum double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  PRIMARY KEY (tenant_id, series_id, hour)
);
ALTER TABLE rollups_hourly ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rollups_hourly
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
