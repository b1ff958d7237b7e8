-- Drift onset (issue 11 item 6): when a drift alert fires, the estimated start of the change;
-- the detection delay of an incident is fired_at - drift_started_at.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS drift_started_at timestamptz;
