-- Value and impact (issue 12 item 3, docs/kpis.md#value): an outcome may carry the business value
-- it realized (revenue, cost saved, loss avoided), folded into tiles by its prediction's time; and
-- each model's value objective is judged periodically, the latest result kept per model.
ALTER TABLE outcomes ADD COLUMN IF NOT EXISTS value double precision;

CREATE TABLE IF NOT EXISTS model_objectives (
  model_id     text PRIMARY KEY REFERENCES models (id),
  objective    jsonb NOT NULL,              -- the objective judged (the spec's, when judged)
  window_start timestamptz NOT NULL,        -- the range read from tiles, [start, end)
  window_end   timestamptz NOT NULL,
  observed     double precision,            -- the metric or the value total; null when not measurable
  met          boolean,                     -- null when there was no evidence to judge
  labelled     bigint NOT NULL,             -- labelled predictions in the range
  valued       bigint NOT NULL,             -- of them, outcomes that carried a value
  value_sum    double precision NOT NULL,
  reason       text NOT NULL,
  evaluated_at timestamptz NOT NULL
);
