-- Tamper evidence (issue 12 item 5, src/modules/audit/README.md "Chain"): each audit entry carries
-- the hash of the entry before it and its own, hash = sha256(prev_hash || audit_entry_text(...)).
-- Entries are appended one at a time (audit.store.ts takes a transaction-scoped advisory lock), so
-- the chain follows id order. `modelwatch audit verify` recomputes it.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS prev_hash bytea;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS hash bytea;

-- The canonical text of an entry: jsonb renders keys in a fixed order and numbers normalised;
-- the time is in microseconds since the epoch, so the session's time zone cannot change it.
CREATE OR REPLACE FUNCTION audit_entry_text(
  id bigint, model_id text, api_key_id text, action text, actor text, at timestamptz,
  changes jsonb, before jsonb, after jsonb
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', id, 'modelId', model_id, 'apiKeyId', api_key_id, 'action', action, 'actor', actor,
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
             r.id, r.model_id, r.api_key_id, r.action, r.actor, r.at, r.changes, r.before, r.after), 'UTF8'))
     WHERE id = r.id
     RETURNING hash INTO prev;
  END LOOP;
END $$;
