-- Detection KPIs (issue 12 item 4): the drift onset estimated when an episode fired, kept with
-- that firing transition, so an incident's time to detect survives the alert's later episodes.
ALTER TABLE alert_transitions ADD COLUMN IF NOT EXISTS drift_started_at timestamptz;

UPDATE alert_transitions t
   SET drift_started_at = a.drift_started_at
  FROM alerts a
 WHERE t.alert_id = a.id AND t.episode = a.episode AND t.to_state = 'firing'
   AND a.drift_started_at IS NOT NULL AND t.drift_started_at IS NULL;

CREATE INDEX IF NOT EXISTS alert_transitions_fired_idx ON alert_transitions (at) WHERE to_state = 'firing';
