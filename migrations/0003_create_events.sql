-- Known events that move load: elections, deadlines, application windows, campaigns, maintenance.

CREATE TABLE events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL
    CHECK (kind IN ('election', 'deadline', 'application-window', 'campaign', 'maintenance', 'custom')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  region text NOT NULL DEFAULT '',
  service_ids uuid[] NOT NULL DEFAULT '{}',
  -- Expected extra load as a fraction (0.8 = +80 %), used until past occurrences teach better.
  expected_uplift numeric,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (ends_at >= starts_at)
);
CREATE INDEX events_tenant_starts ON events (tenant_id, starts_at);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
