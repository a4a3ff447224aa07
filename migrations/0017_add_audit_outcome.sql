-- Refused attempts are recorded too: a write the API refused for a missing role or a foreign
-- origin, with the reason in the detail. Entries of changes that committed are 'done'.
ALTER TABLE audit_events ADD COLUMN outcome text NOT NULL DEFAULT 'done' CHECK (outcome IN ('done', 'refused'));
