-- Model registry, its audit log, and API keys.

CREATE TABLE IF NOT EXISTS models (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  task           text NOT NULL CHECK (task IN ('binary_classification', 'multiclass_classification', 'regression')),
  spec           jsonb NOT NULL,            -- the registration body as accepted (features, classes, inventory)
  schema_version integer NOT NULL DEFAULT 1, -- bumped when the parts that validate events change
  owner          text,
  risk_tier      text,
  tags           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  archived_at    timestamptz
);
CREATE INDEX IF NOT EXISTS models_owner_idx ON models (owner);
CREATE INDEX IF NOT EXISTS models_tags_idx ON models USING gin (tags jsonb_path_ops);

CREATE TABLE IF NOT EXISTS audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_id  text NOT NULL,
  action    text NOT NULL,                 -- created, replaced, archived, restored …
  actor     text NOT NULL,                 -- the API key id, or 'cli' / 'bootstrap'
  at        timestamptz NOT NULL DEFAULT now(),
  changes   jsonb NOT NULL DEFAULT '[]'::jsonb, -- [{ path, before, after }]
  before    jsonb,
  after     jsonb
);
CREATE INDEX IF NOT EXISTS audit_log_model_idx ON audit_log (model_id, id);

CREATE TABLE IF NOT EXISTS api_keys (
  id           text PRIMARY KEY,            -- the public prefix of the key; found by it, never by the secret
  name         text NOT NULL,
  secret_hash  bytea NOT NULL,              -- SHA-256 of the whole key: keys are 32 random bytes, so a slow hash adds nothing
  scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['admin', 'read', 'ingest']::text[] AND cardinality(scopes) > 0),
  model_ids    text[],                      -- NULL: every model
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
