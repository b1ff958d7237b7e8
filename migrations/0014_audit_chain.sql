-- Tamper evidence (issue 12 item 5, src/modules/audit/README.md "Chain"): each audit entry carries
-- the hash of the entry before it and its own, hash = sha256(prev_hash || audit_entry_text(...)).
-- Entries are appended one at a time (audit.store.ts takes a transaction-scoped advisory lock), so
-- the chain follows id order. `modelwatch audit verify` recomputes it.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS prev_hash bytea;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS hash bytea;

-- What else an entry may be about: an alert rule, a channel, a silence or an alert
-- ('rule:<id>', 'channel:<id>', 'silence:<id>', 'alert:<id>').
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS subject text;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_subject_check;
ALTER TABLE audit_log
  ADD CONSTRAINT audit_log_subject_check CHECK (model_id IS NOT NULL OR api_key_id IS NOT NULL OR subject IS NOT NULL);
CREATE INDEX IF NOT EXISTS audit_log_subject_idx ON audit_log (subject, id) WHERE subject IS NOT NULL;

-- The canonical text of an entry: jsonb renders keys in a fixed order and numbers normalised;
-- the time is in microseconds since the epoch, so the session's time zone cannot change it.
CREATE OR REPLACE FUNCTION audit_entry_text(
  id bigint, model_id text, api_key_id text, subject text, action text, actor text, at timestamptz,
  changes jsonb, before jsonb, after jsonb
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', id, 'modelId', model_id, 'apiKeyId', api_key_id, 'subject', subject, 'action', action, 'actor', actor,
    'at', (extract(epoch FROM at) * 1000000)::bigint,
    'changes', changes, 'before', before, 'after', after)::text
$$;

-- Entries written before the chain existed are chained now, in id order, after any chained ones.
DO $$
DECLARE
  r audit_log;
  prev bytea;
BEGIN
  SELECT hash INTO prev FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1;
  FOR r IN SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id LOOP
    UPDATE audit_log
       SET prev_hash = prev,
           hash = sha256(coalesce(prev, ''::bytea) || convert_to(audit_entry_text(
             r.id, r.model_id, r.api_key_id, r.subject, r.action, r.actor, r.at, r.changes, r.before, r.after), 'UTF8'))
     WHERE id = r.id
     RETURNING hash INTO prev;
  END LOOP;
END $$;
