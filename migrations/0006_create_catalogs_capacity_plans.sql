-- Price catalogs, exchange rates, capacity models and plan versions (issue 5).
--
-- Built-in catalogs and exchange rates (fixtures/pricing/catalog.json) are stored once per
-- database under the nil tenant id and are visible to every tenant read-only: the select policy
-- admits them, the write policy does not, and only the owner connection loads them.

CREATE FUNCTION lastplan_builtin_tenant() RETURNS uuid
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$;

CREATE TABLE price_catalogs (
  tenant_id uuid NOT NULL,
  -- A UUID for a tenant's catalog; 'builtin:<provider>:<version>' for a built-in one.
  id text NOT NULL,
  provider text NOT NULL CHECK (provider ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name text NOT NULL,
  region text NOT NULL,
  version text NOT NULL,
  -- Earliest price validity in the catalog (YYYY-MM-DD), when one is stated.
  valid_on text CHECK (valid_on ~ '^\d{4}-\d{2}-\d{2}$'),
  source_keys text[] NOT NULL,
  price_count integer NOT NULL,
  -- The document as imported (JSON text or CSV text); re-read by the same parser on every use.
  format text NOT NULL CHECK (format IN ('json', 'csv')),
  document text NOT NULL,
  document_sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, version)
);
ALTER TABLE price_catalogs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON price_catalogs FOR SELECT
  USING (tenant_id = lastplan_current_tenant() OR tenant_id = lastplan_builtin_tenant());
CREATE POLICY tenant_write ON price_catalogs FOR INSERT WITH CHECK (tenant_id = lastplan_current_tenant());
CREATE POLICY tenant_update ON price_catalogs FOR UPDATE
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
CREATE POLICY tenant_delete ON price_catalogs FOR DELETE USING (tenant_id = lastplan_current_tenant());

CREATE TABLE exchange_rates (
  tenant_id uuid NOT NULL,
  base char(3) NOT NULL,
  quote char(3) NOT NULL,
  -- YYYY-MM-DD as text: compared as text, and both drivers return it unchanged.
  date text NOT NULL CHECK (date ~ '^\d{4}-\d{2}-\d{2}$'),
  rate numeric NOT NULL CHECK (rate > 0),
  source text NOT NULL,
  PRIMARY KEY (tenant_id, base, quote, date)
);
ALTER TABLE exchange_rates ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON exchange_rates FOR SELECT
  USING (tenant_id = lastplan_current_tenant() OR tenant_id = lastplan_builtin_tenant());
CREATE POLICY tenant_write ON exchange_rates FOR INSERT WITH CHECK (tenant_id = lastplan_current_tenant());
CREATE POLICY tenant_update ON exchange_rates FOR UPDATE
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
CREATE POLICY tenant_delete ON exchange_rates FOR DELETE USING (tenant_id = lastplan_current_tenant());

CREATE TABLE capacity_models (
  tenant_id uuid NOT NULL,
  service_id uuid NOT NULL,
  -- The model as the API received it (durations as ISO-8601 text).
  model jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, service_id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE capacity_models ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON capacity_models
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

CREATE TABLE plans (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  horizon_from timestamptz NOT NULL,
  horizon_to timestamptz NOT NULL,
  quantile double precision NOT NULL,
  currency char(3) NOT NULL,
  -- Totals of the range as exact decimals, for lists and finance.
  cost_p50 numeric NOT NULL,
  cost_planning numeric NOT NULL,
  -- Everything buildPlan was given (demand, model, catalog ids, rates, VAT), so that every number
  -- of `result` can be recomputed, and the result as served.
  input jsonb NOT NULL,
  result jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  approved_by text,
  approved_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, service_id, version),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON plans
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());

-- An approved plan is what was signed: no statement may change it afterwards.
CREATE FUNCTION lastplan_plans_immutable() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.approved_at IS NOT NULL THEN
    RAISE EXCEPTION 'plan % is approved and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER plans_immutable BEFORE UPDATE ON plans
  FOR EACH ROW EXECUTE FUNCTION lastplan_plans_immutable();
