-- Durable ingest: batches, predictions (partitioned by day of event time), the prediction-id index, outcomes.

CREATE TABLE IF NOT EXISTS ingest_batches (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_id    text NOT NULL REFERENCES models (id),
  kind        text NOT NULL CHECK (kind IN ('predictions', 'outcomes')),
  key_id      text,
  received_at timestamptz NOT NULL DEFAULT now(),
  accepted    integer NOT NULL,
  duplicates  integer NOT NULL,
  rejected    integer NOT NULL,
  min_ts      timestamptz,                 -- event-time range of the accepted events, for the folder
  max_ts      timestamptz,
  folded_at   timestamptz                  -- set in the same transaction that merges the batch into tiles
);
-- The reconciler's query: batches not yet folded, oldest first.
CREATE INDEX IF NOT EXISTS ingest_batches_unfolded_idx ON ingest_batches (received_at) WHERE folded_at IS NULL;
CREATE INDEX IF NOT EXISTS ingest_batches_model_idx ON ingest_batches (model_id, received_at);

-- One row per (model, predictionId): enforces uniqueness across day partitions and tells an outcome
-- which partition its prediction is in. Ages out with retention like the events.
CREATE TABLE IF NOT EXISTS prediction_ids (
  model_id      text NOT NULL,
  prediction_id text NOT NULL,
  ts            timestamptz NOT NULL,
  batch_id      bigint NOT NULL,
  PRIMARY KEY (model_id, prediction_id)
);
CREATE INDEX IF NOT EXISTS prediction_ids_ts_idx ON prediction_ids (ts);

CREATE TABLE IF NOT EXISTS predictions (
  model_id      text NOT NULL,
  prediction_id text NOT NULL,
  ts            timestamptz NOT NULL,
  batch_id      bigint NOT NULL,
  model_version text,
  features      jsonb NOT NULL,
  prediction    jsonb,
  score         double precision,
  scores        jsonb,
  segments      jsonb
) PARTITION BY RANGE (ts);
CREATE INDEX IF NOT EXISTS predictions_batch_idx ON predictions (batch_id);
CREATE INDEX IF NOT EXISTS predictions_model_ts_idx ON predictions (model_id, ts);

CREATE TABLE IF NOT EXISTS outcomes (
  model_id      text NOT NULL,
  prediction_id text NOT NULL,
  actual        jsonb NOT NULL,
  ts            timestamptz,
  received_at   timestamptz NOT NULL DEFAULT now(),
  batch_id      bigint NOT NULL,
  PRIMARY KEY (model_id, prediction_id)    -- the first outcome for a prediction wins
);
CREATE INDEX IF NOT EXISTS outcomes_batch_idx ON outcomes (batch_id);
CREATE INDEX IF NOT EXISTS outcomes_received_idx ON outcomes (received_at);

-- Creates the day partition holding `day` unless it exists. The advisory lock makes concurrent
-- callers (replicas, parallel requests) wait for each other instead of failing on a race.
CREATE OR REPLACE FUNCTION mw_ensure_prediction_partition(day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  part text := format('predictions_%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('modelwatch:predictions-partitions'));
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF predictions FOR VALUES FROM (%L) TO (%L)',
    part, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
END;
$$;
