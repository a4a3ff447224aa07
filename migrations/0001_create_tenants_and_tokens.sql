-- Tenancy: tenants, their API and embed tokens, and the role requests run as.
--
-- Requests run as lastplan_app, a role that owns nothing, with the tenant set per transaction
-- (`lastplan.tenant_id`); row-level security keeps every tenant-owned row to its tenant.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lastplan_app') THEN
    CREATE ROLE lastplan_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
GRANT lastplan_app TO CURRENT_USER;

CREATE FUNCTION lastplan_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('lastplan.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  federal_state char(2) NOT NULL,
  time_zone text NOT NULL DEFAULT 'Europe/Berlin',
  currency char(3) NOT NULL DEFAULT 'EUR',
  vat_mode text NOT NULL DEFAULT 'gross' CHECK (vat_mode IN ('gross', 'net')),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = lastplan_current_tenant()) WITH CHECK (id = lastplan_current_tenant());

CREATE TABLE tokens (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('api', 'embed')),
  -- SHA-256 of the secret, hex. The secret itself is shown once and never stored.
  token_hash text NOT NULL,
  scopes text[] NOT NULL,
  resources text[] NOT NULL DEFAULT '{}',
  allowed_origins text[] NOT NULL DEFAULT '{}',
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Authentication looks a token up by its hash before the tenant is known: the one index that does
-- not lead with tenant_id.
CREATE UNIQUE INDEX tokens_token_hash ON tokens (token_hash);
ALTER TABLE tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tokens
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
