-- Model lifecycle (issue 12 item 1, docs/inventory.md): development → validation → approved →
-- production → restricted / retired, with who moved it and when. Models registered before this
-- were already watched in production: they start there, and the move is in the audit chain.
ALTER TABLE models ADD COLUMN IF NOT EXISTS lifecycle_status text NOT NULL DEFAULT 'production'
  CHECK (lifecycle_status IN ('development', 'validation', 'approved', 'production', 'restricted', 'retired'));
ALTER TABLE models ADD COLUMN IF NOT EXISTS lifecycle_changed_by text;
ALTER TABLE models ADD COLUMN IF NOT EXISTS lifecycle_changed_at timestamptz;
ALTER TABLE models ALTER COLUMN lifecycle_status SET DEFAULT 'development';

DO $$
DECLARE
  m record;
  prev bytea;
  added audit_log;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('modelwatch:audit_chain'));
  FOR m IN SELECT id FROM models WHERE lifecycle_changed_at IS NULL ORDER BY id LOOP
    UPDATE models
       SET lifecycle_status = 'production', lifecycle_changed_by = 'migration', lifecycle_changed_at = now()
     WHERE id = m.id;
    SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
    INSERT INTO audit_log (model_id, action, actor, changes, after, prev_hash)
    VALUES (m.id, 'lifecycle_moved', 'migration',
            '[{"path": "/lifecycle/status", "after": "production"}]'::jsonb,
            '{"status": "production", "comment": "registered before lifecycles were kept"}'::jsonb, prev)
    RETURNING * INTO added;
    UPDATE audit_log
       SET hash = sha256(coalesce(prev, ''::bytea) || convert_to(audit_entry_text(
         added.id, added.model_id, added.api_key_id, added.subject, added.action, added.actor, added.at,
         added.changes, added.before, added.after), 'UTF8'))
     WHERE id = added.id;
  END LOOP;
END $$;
