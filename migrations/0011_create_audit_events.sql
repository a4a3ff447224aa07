-- The audit trail: every successful write (plans and approvals, capacity models, events, imports,
-- rates, grants, budgets, services, tokens, settings, sign-ins and sign-outs) with who did it
-- (a person's subject and name, or a token's id and name), when, what, and the request id.
--
-- Append-only: requests run as lastplan_app, which may INSERT and SELECT here but not UPDATE,
-- DELETE or TRUNCATE (migrate() revokes those after its blanket grant), and a trigger refuses
-- those for every role, the owner included, since a deployment may connect as the owner.
CREATE TABLE audit_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('person', 'token')),
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  detail jsonb NOT NULL DEFAULT '{}',
  request_id text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_at ON audit_events (tenant_id, at);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
  USING (tenant_id = lastplan_current_tenant()) WITH CHECK (tenant_id = lastplan_current_tenant());
GRANT USAGE ON SEQUENCE audit_events_seq_seq TO lastplan_app;

CREATE FUNCTION audit_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
