-- References (versioned per model) and window evaluations (src/modules/references/README.md,
-- src/modules/evaluation/README.md).

-- One row per reference version. What is decided once from the reference lives here (per feature:
-- profile, default method, decile edges, value range), so a feature's method and bins never change
-- until a new version is stored.
CREATE TABLE IF NOT EXISTS model_references (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_id       text NOT NULL REFERENCES models (id),
  version        integer NOT NULL,             -- 1, 2, … per model; the highest is current
  source         text NOT NULL CHECK (source IN ('rows', 'traffic')),
  range_from     timestamptz,                  -- source 'traffic': the half-open range [from, to)
  range_to       timestamptz,
  task           text NOT NULL,                -- the model's task when the reference was built
  rows           bigint NOT NULL,
  labelled       bigint NOT NULL,              -- rows with an actual
  profile        jsonb NOT NULL,               -- { features: [...], prediction, score } (references.schemas.ts)
  cbpe           jsonb,                        -- CBPE calibration; NULL without labelled scores
  performance    jsonb,                        -- realized performance on the reference's labelled rows
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (model_id, version)
);

-- The reference's summaries, one per column, keyed as tiles are ('numerical:feature:age', …).
CREATE TABLE IF NOT EXISTS reference_summaries (
  reference_id bigint NOT NULL REFERENCES model_references (id) ON DELETE CASCADE,
  key          text NOT NULL,
  bytes        bytea NOT NULL,
  PRIMARY KEY (reference_id, key)
);

-- One row per (model, window, window end): a job replayed, or re-run while the window's last tile
-- is still filling, overwrites its own row.
CREATE TABLE IF NOT EXISTS evaluations (
  model_id        text NOT NULL,
  window_name     text NOT NULL,               -- '5m', '1h', … (EVALUATION_WINDOWS)
  window_start    timestamptz NOT NULL,
  window_end      timestamptz NOT NULL,        -- the window is [window_start, window_end)
  reference_id    bigint REFERENCES model_references (id),
  status          text NOT NULL CHECK (status IN ('healthy', 'drifting', 'degraded', 'silent', 'unknown')),
  events          bigint NOT NULL,
  drifted_features integer,
  drift_share     double precision,
  label_coverage  double precision,
  result          jsonb NOT NULL,              -- the whole evaluation (evaluation.schemas.ts storedEvaluation)
  evaluated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, window_name, window_end)
);
-- Retention deletes by age across models.
CREATE INDEX IF NOT EXISTS evaluations_window_end_idx ON evaluations (window_end);
