-- Finance: actual costs and their imports, grants, budget lines, alerts and webhook deliveries.
-- Days are YYYY-MM-DD text (compared as text, returned unchanged by both drivers); money is
-- numeric with 9 decimals, never a binary float.

-- Per tenant: the rules that map imported charges to services, and the alert webhook.
CREATE TABLE finance_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  mapping_rules jsonb NOT NULL DEFAULT '[]',
  webhook_url text,
  webhook_secret text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
ALTER TABLE finance_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON finance_settings
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

-- One imported billing period (FOCUS: issuer, account and period; plain: source and month).
-- Re-importing a period with the same hash changes nothing; another hash replaces its records.
CREATE TABLE cost_imports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  period_key text NOT NULL,
  format text NOT NULL CHECK (format IN ('focus', 'plain')),
  file_name text NOT NULL,
  hash text NOT NULL,
  rows integer NOT NULL,
  corrections integer NOT NULL,
  first_line integer NOT NULL,
  last_line integer NOT NULL,
  -- Totals in the billing currency as decimal text: [{"amount": "12.50", "currency": "USD"}].
  billed_totals jsonb NOT NULL,
  effective_totals jsonb NOT NULL,
  -- The sum of the period's cost records in the tenant currency.
  booked_total numeric(38, 9) NOT NULL,
  currency char(3) NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, period_key)
);
ALTER TABLE cost_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cost_imports
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE cost_records (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  day text NOT NULL CHECK (day ~ '^\d{4}-\d{2}-\d{2}$'),
  service_id uuid,
  category text NOT NULL CHECK (category IN ('compute', 'storage', 'egress', 'licences', 'services')),
  amount numeric(38, 9) NOT NULL,
  currency char(3) NOT NULL,
  source text NOT NULL CHECK (source IN ('focus', 'plain', 'computed')),
  -- Null for computed records; an import's records go with it.
  import_id uuid,
  -- Where the figure comes from, e.g. "FOCUS aws.csv, line 12" or "Verbrauch × Preisliste".
  line_ref text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, import_id) REFERENCES cost_imports (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE SET NULL (service_id)
);
CREATE INDEX cost_records_tenant_day ON cost_records (tenant_id, day);
CREATE INDEX cost_records_tenant_import ON cost_records (tenant_id, import_id);
ALTER TABLE cost_records ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cost_records
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE grants (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  programme text NOT NULL CHECK (length(programme) BETWEEN 1 AND 300),
  funder text NOT NULL,
  reference_number text NOT NULL,
  amount numeric(38, 9) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  period_start text NOT NULL CHECK (period_start ~ '^\d{4}-\d{2}-\d{2}$'),
  period_end text NOT NULL CHECK (period_end ~ '^\d{4}-\d{2}-\d{2}$' AND period_end >= period_start),
  eligible_service_ids uuid[] NOT NULL DEFAULT '{}',
  eligible_categories text[] NOT NULL,
  co_funding_rate numeric NOT NULL CHECK (co_funding_rate > 0 AND co_funding_rate <= 1),
  -- [{"day": "2026-03-01", "amount": "100000", "label": "1. Mittelabruf"}]
  tranches jsonb NOT NULL DEFAULT '[]',
  own_share_budget_line_id uuid,
  alert_thresholds integer[] NOT NULL DEFAULT '{50,80,100}',
  unspent_alert_above numeric(38, 9),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE grants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON grants
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE budget_lines (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
  fiscal_year_start_month integer NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
  amount numeric(38, 9) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL,
  service_ids uuid[] NOT NULL DEFAULT '{}',
  -- Null: every category.
  categories text[],
  -- An allocation key {id, name, basis, shares: [{memberId, memberName, weight}]} or null.
  allocation_key jsonb,
  alert_thresholds integer[] NOT NULL DEFAULT '{50,80,100}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE budget_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON budget_lines
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

-- One row per crossing: the key (e.g. "grant:<id>:actual:80") is unique, so it is never raised twice.
CREATE TABLE alerts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key text NOT NULL,
  subject_kind text NOT NULL CHECK (subject_kind IN ('grant', 'budget')),
  subject_id uuid NOT NULL,
  measure text NOT NULL,
  threshold integer,
  value numeric(38, 9) NOT NULL,
  limit_amount numeric(38, 9) NOT NULL,
  currency char(3) NOT NULL,
  as_of text NOT NULL,
  message text NOT NULL,
  -- The webhook body, fixed when raised so every retry sends the same bytes.
  body text NOT NULL,
  raised_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX alerts_tenant_raised ON alerts (tenant_id, raised_at);
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alerts
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

-- The webhook delivery of an alert: attempts so far and when to try next.
CREATE TABLE alert_deliveries (
  tenant_id uuid NOT NULL,
  alert_key text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'gave-up')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, alert_key),
  FOREIGN KEY (tenant_id, alert_key) REFERENCES alerts (tenant_id, key) ON DELETE CASCADE
);
CREATE INDEX alert_deliveries_tenant_due ON alert_deliveries (tenant_id, state, next_attempt_at);
ALTER TABLE alert_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_deliveries
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
