-- Alerts on segment values (issue 13 item 3; src/modules/alerting/README.md "Segments"): a rule
-- with `segments` raises one alert per (model, feature, segment key, value). Null for an alert of
-- the whole model, which every alert raised before this is.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS segment_key text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS segment_value text;

-- The segment pass after an evaluation reads every slice of one (model, window, window end), and
-- the segment gauges the newest window end of each model: without this, both would read every
-- stored end of every slice of the model (the primary key has the slice before the window end).
CREATE INDEX IF NOT EXISTS slice_evaluations_model_end_idx
  ON slice_evaluations (model_id, window_name, window_end);
