-- Stored evaluations of segment values (issue 13 item 3; src/modules/evaluation/README.md):
-- per model, window, kept segment value (`slice`, as tiles name it: `segment:country=DE`) and
-- window end, written with the scheduled evaluation of a model that declares segments. Apart
-- from `evaluations`, so that every reader of the whole model's evaluations (status, fleet,
-- alerting, evidence) stays as it is. Expired and thinned as evaluations are.
CREATE TABLE IF NOT EXISTS slice_evaluations (
  model_id     text NOT NULL,
  window_name  text NOT NULL,
  slice        text NOT NULL,
  window_end   timestamptz NOT NULL,
  status       text NOT NULL,
  events       bigint NOT NULL,
  evaluated_at timestamptz NOT NULL,
  result       jsonb NOT NULL,              -- a StoredEvaluation, as evaluations.result
  PRIMARY KEY (model_id, window_name, slice, window_end)
);
CREATE INDEX IF NOT EXISTS slice_evaluations_end_idx ON slice_evaluations (window_end);
