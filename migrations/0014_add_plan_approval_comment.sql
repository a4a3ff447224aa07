-- An approval may carry a comment (why, under which condition). Until the plan's first step starts
-- the approval may be withdrawn: that clears the approval and nothing else, so the plan is a draft
-- again (the audit trail keeps who approved and who withdrew). Any other change of an approved plan
-- is still refused.
ALTER TABLE plans ADD COLUMN IF NOT EXISTS approval_comment text;

CREATE OR REPLACE FUNCTION lastplan_plans_immutable() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.approved_at IS NOT NULL THEN
    IF NEW.approved_at IS NULL AND NEW.approved_by IS NULL AND NEW.approval_comment IS NULL
      AND to_jsonb(NEW) - ARRAY['approved_at', 'approved_by', 'approval_comment']
        = to_jsonb(OLD) - ARRAY['approved_at', 'approved_by', 'approval_comment'] THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'plan % is approved and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
