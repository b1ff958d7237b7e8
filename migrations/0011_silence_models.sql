-- The models a silence pins (issue 8: scope everywhere). A key limited to models lists only the
-- silences whose pinned models it holds; null: the silence may match any model (fleet-wide).
-- Written on insert from pinnedModels() in src/modules/alerting/silences.match.ts, which defines
-- the rule: every matcher on the label `model` is an equality, and there is at least one.
ALTER TABLE silences ADD COLUMN IF NOT EXISTS models text[];

-- Silences made before this column: the same rule, once, over the stored matchers.
UPDATE silences s
   SET models = (SELECT array_agg(DISTINCT m->>'value' ORDER BY m->>'value')
                   FROM jsonb_array_elements(s.matchers) m
                  WHERE m->>'name' = 'model')
 WHERE s.models IS NULL
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.matchers) m WHERE m->>'name' = 'model')
   AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(s.matchers) m
                    WHERE m->>'name' = 'model' AND m->>'op' IS DISTINCT FROM '=');
