-- The audit log also records API key changes (created, revoked): a row is about a model or a key.

ALTER TABLE audit_log ALTER COLUMN model_id DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS api_key_id text;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_subject_check;
ALTER TABLE audit_log
  ADD CONSTRAINT audit_log_subject_check CHECK (model_id IS NOT NULL OR api_key_id IS NOT NULL);
CREATE INDEX IF NOT EXISTS audit_log_api_key_idx ON audit_log (api_key_id, id) WHERE api_key_id IS NOT NULL;
