-- Dashboard sessions, kept on the server so that signing out, an idle pause or an administrator
-- can end them. The cookie holds a random secret; only its SHA-256 is stored, as for tokens.
-- A session belongs to a person signed in through the identity provider (actor_kind 'person',
-- subject = the provider's `sub`) or was exchanged from an API token (actor_kind 'token',
-- subject = the token's id, token_id set so that revoking the token ends the session too).
CREATE TABLE sessions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  secret_hash text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('person', 'token')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  token_id uuid,
  roles text[] NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  idle_timeout_seconds integer NOT NULL CHECK (idle_timeout_seconds > 0),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- A cookie is looked up before its tenant is known, like a token.
CREATE UNIQUE INDEX sessions_secret_hash ON sessions (secret_hash);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
