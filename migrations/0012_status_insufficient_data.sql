-- A window too small to judge is not healthy (issue 11 item 1): the status insufficient_data.
-- The check constraint made by 0006 (its default name) is replaced by one that allows it.
ALTER TABLE evaluations DROP CONSTRAINT IF EXISTS evaluations_status_check;
ALTER TABLE evaluations ADD CONSTRAINT evaluations_status_check
  CHECK (status IN ('healthy', 'drifting', 'degraded', 'silent', 'insufficient_data', 'unknown'));

-- The last judged status of a model's window: the newest evaluation whose status is not
-- insufficient_data (the fleet shows it, with its age, beside an unjudged one).
CREATE INDEX IF NOT EXISTS evaluations_judged
  ON evaluations (model_id, window_name, window_end DESC)
  WHERE status <> 'insufficient_data';
