-- Alerting: rules, channels, alerts with their transitions and acknowledgements, silences, and the
-- notification outbox with one delivery-log row per attempt.

CREATE TABLE IF NOT EXISTS alert_rules (
  id          text PRIMARY KEY,
  spec        jsonb NOT NULL,                -- the PUT body as accepted (rules.schemas.ts), defaults filled in
  builtin     boolean NOT NULL DEFAULT false, -- seeded below; operators may edit, disable or delete them
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_channels (
  id          text PRIMARY KEY,
  type        text NOT NULL CHECK (type IN ('webhook', 'slack', 'pagerduty', 'alertmanager')),
  name        text NOT NULL,
  is_default  boolean NOT NULL DEFAULT false, -- rules that name no channels deliver to the default ones
  rate_per_second double precision NOT NULL CHECK (rate_per_second > 0),
  burst       integer NOT NULL CHECK (burst >= 1),
  target      jsonb NOT NULL,                -- URL, webhook secret, routing key: secrets, never returned
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (rule, model, feature): the alert's identity is its fingerprint, for its whole life.
-- Each pending-or-firing period is an episode; notifications are keyed by episode.
CREATE TABLE IF NOT EXISTS alerts (
  id              text PRIMARY KEY,          -- fingerprint: hash of the rule id and the identity labels
  rule_id         text NOT NULL,
  model_id        text NOT NULL REFERENCES models (id),
  feature         text,
  window_name     text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  labels          jsonb NOT NULL,
  annotations     jsonb NOT NULL,
  state           text NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
  episode         integer NOT NULL DEFAULT 0,
  breaches        integer NOT NULL DEFAULT 0, -- consecutive breaching evaluations
  oks             integer NOT NULL DEFAULT 0, -- consecutive OK evaluations while firing
  value           double precision,
  threshold       double precision NOT NULL,
  pending_since   timestamptz,
  fired_at        timestamptz,
  resolved_at     timestamptz,
  last_window_end timestamptz NOT NULL,       -- evaluations of earlier window ends are ignored
  last_evaluated_at timestamptz NOT NULL,     -- the same window end evaluated later refines the last reading
  base_memory     jsonb NOT NULL,             -- { state, episode, breaches, oks } before that window end
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alerts_model_state_idx ON alerts (model_id, state);
CREATE INDEX IF NOT EXISTS alerts_rule_idx ON alerts (rule_id);

CREATE TABLE IF NOT EXISTS alert_transitions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id    text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  episode     integer NOT NULL,
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  value       double precision,
  at          timestamptz NOT NULL,          -- the window end of the evaluation that caused it
  reason      text NOT NULL,                 -- evaluation, rule_removed
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alert_transitions_alert_idx ON alert_transitions (alert_id, id);

CREATE TABLE IF NOT EXISTS alert_acks (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id  text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  episode   integer NOT NULL,                -- an ack holds for the episode it was given in
  acked_by  text NOT NULL,                   -- API key id
  comment   text NOT NULL DEFAULT '',
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alert_acks_alert_idx ON alert_acks (alert_id, episode);

CREATE TABLE IF NOT EXISTS silences (
  id          text PRIMARY KEY,
  matchers    jsonb NOT NULL,                -- [{ name, op: = != =~ !~, value }], all must match
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,          -- DELETE moves it to now: a silence is expired, never erased
  created_by  text NOT NULL,
  comment     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at >= starts_at)               -- [starts_at, ends_at): equal means it never applied
);
CREATE INDEX IF NOT EXISTS silences_ends_at_idx ON silences (ends_at);

-- The outbox: written in the transaction that decides to notify, enqueued after commit (job id =
-- notification id), re-enqueued by the worker's reconciler while still queued.
CREATE TABLE IF NOT EXISTS notifications (
  id            text PRIMARY KEY,            -- stable: receivers deduplicate on it (webhook-id)
  alert_id      text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  channel_id    text NOT NULL,               -- no foreign key: the log outlives a deleted channel
  channel_type  text NOT NULL,
  episode       integer NOT NULL,
  alert_status  text NOT NULL CHECK (alert_status IN ('firing', 'resolved')),
  payload       jsonb NOT NULL,              -- the notification as sent, so every retry sends the same
  state         text NOT NULL CHECK (state IN ('queued', 'delivered', 'failed', 'suppressed', 'cancelled')),
  silence_id    text,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  decided_at    timestamptz NOT NULL DEFAULT now(), -- when it was decided, or released by a silence's end
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS notifications_alert_channel_idx ON notifications (alert_id, channel_id, decided_at);
CREATE INDEX IF NOT EXISTS notifications_queued_idx ON notifications (updated_at) WHERE state = 'queued';

CREATE TABLE IF NOT EXISTS notification_attempts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id  text NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  attempt          integer NOT NULL,
  at               timestamptz NOT NULL DEFAULT now(),
  duration_ms      integer NOT NULL,
  status_code      integer,                  -- never the receiver's body
  outcome          text NOT NULL,            -- delivered, server_error, throttled, timeout, refused ...
  error_class      text                      -- a short reason: connection_refused, private_address ...
);
CREATE INDEX IF NOT EXISTS notification_attempts_notification_idx ON notification_attempts (notification_id, id);

-- Default rules for every model. Operators turn one off for every model with `enabled: false`, or
-- for some models by listing them in `models.exclude` (see src/modules/alerting/README.md).
INSERT INTO alert_rules (id, spec, builtin, updated_by) VALUES
  ('default-dataset-drift', '{
     "name": "ModelDatasetDrift", "enabled": true,
     "models": { "match": "all", "exclude": [] },
     "condition": { "kind": "dataset_drift_share" },
     "comparator": ">=", "threshold": 0.5, "window": "1h", "for": 2,
     "resolve": { "after": 3 },
     "severity": "warning", "labels": {},
     "annotations": {
       "summary": "{{model}}: {{value}} of features drifted (threshold {{threshold}})",
       "description": "The share of drifted features of model {{model}} over the last {{window}} is {{value}}, at or above {{threshold}}."
     }
   }'::jsonb, true, 'migration'),
  ('default-silent-model', '{
     "name": "ModelSilent", "enabled": true,
     "models": { "match": "all", "exclude": [] },
     "condition": { "kind": "silent_model" },
     "comparator": ">=", "threshold": 1, "window": "1h", "for": 2,
     "resolve": { "after": 1 },
     "severity": "critical", "labels": {},
     "annotations": {
       "summary": "{{model}} is silent: no traffic where traffic is expected",
       "description": "Model {{model}} sent no events over the last {{window}} although traffic is expected."
     }
   }'::jsonb, true, 'migration'),
  ('default-estimated-performance-drop', '{
     "name": "ModelEstimatedPerformanceDrop", "enabled": true,
     "models": { "match": "all", "exclude": [] },
     "condition": { "kind": "performance", "source": "estimated", "metric": "accuracy", "relativeTo": "reference" },
     "comparator": ">=", "threshold": 0.05, "window": "1h", "for": 2,
     "resolve": { "after": 3 },
     "severity": "warning", "labels": {},
     "annotations": {
       "summary": "{{model}}: estimated accuracy dropped by {{value}} from the reference",
       "description": "The CBPE-estimated accuracy of model {{model}} over the last {{window}} is {{value}} below the reference (threshold {{threshold}})."
     }
   }'::jsonb, true, 'migration')
ON CONFLICT (id) DO NOTHING;
