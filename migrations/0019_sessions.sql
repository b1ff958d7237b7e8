-- Console sessions (issue 10 item 2, docs/console.md): a person signs in with an API key, or with a
-- one-time login token an admin made for one, and holds an opaque session id in a cookie. Only
-- SHA-256 hashes of the session id and of the login token are stored; both expire, a session may
-- be revoked, and a session sees what its key sees (revoking the key ends its sessions at once).

CREATE TABLE IF NOT EXISTS sessions (
  id           text PRIMARY KEY,                            -- public: what lists, audits and DELETE name
  secret_hash  bytea NOT NULL UNIQUE,                       -- SHA-256 of the cookie's value
  key_id       text NOT NULL REFERENCES api_keys (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,                        -- fixed at sign-in (SESSION_TTL_HOURS)
  last_seen_at timestamptz,                                 -- written at most once a minute
  user_agent   text,
  revoked_at   timestamptz
);
CREATE INDEX IF NOT EXISTS sessions_key_idx ON sessions (key_id);
CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS login_tokens (
  token_hash  bytea PRIMARY KEY,                            -- SHA-256 of the token
  key_id      text NOT NULL REFERENCES api_keys (id),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz                                  -- set once, by the sign-in that consumes it
);
CREATE INDEX IF NOT EXISTS login_tokens_expires_idx ON login_tokens (expires_at);
