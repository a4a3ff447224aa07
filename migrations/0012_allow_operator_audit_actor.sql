-- The admin commands (`lastplan tenants create`, `lastplan tokens create|revoke`) change tenants
-- and tokens without a request: they are recorded under the operator, the account that ran them.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_kind_check;
ALTER TABLE audit_events
  ADD CONSTRAINT audit_events_actor_kind_check CHECK (actor_kind IN ('person', 'token', 'operator'));
