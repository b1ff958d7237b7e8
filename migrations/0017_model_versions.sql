-- Model versions as first seen in traffic (issue 12 item 1, docs/inventory.md#model-versions): per
-- model and `modelVersion`, the first and last event time (`ts`) and the number of predictions
-- stored with it. Written by the fold (src/modules/tiles/fold.store.ts recordVersions) in the
-- transaction that marks a batch folded, so each stored prediction counts once. Predictions without
-- a version have no row. An inventory record: retention leaves it, as it leaves models.
CREATE TABLE IF NOT EXISTS model_versions (
  model_id    text NOT NULL REFERENCES models (id),
  version     text NOT NULL,
  first_seen  timestamptz NOT NULL,
  last_seen   timestamptz NOT NULL,
  predictions bigint NOT NULL,
  PRIMARY KEY (model_id, version)
);
-- No index on last_seen: a model has few versions, sorted from its primary-key range, and without
-- one the fold's updates of last_seen and predictions stay HOT (no index entries to write).

-- The traffic folded before this table, as its folds would have counted it. A batch still waiting
-- is left to its own fold. (A worker of the previous release folding during the upgrade counts no
-- versions for the batches it folds after this statement's snapshot.)
INSERT INTO model_versions (model_id, version, first_seen, last_seen, predictions)
SELECT p.model_id, p.model_version, min(p.ts), max(p.ts), count(*)
  FROM predictions p
 WHERE p.model_version IS NOT NULL
   AND EXISTS (SELECT 1 FROM ingest_batches b WHERE b.id = p.batch_id AND b.folded_at IS NOT NULL)
 GROUP BY p.model_id, p.model_version
ON CONFLICT (model_id, version) DO NOTHING;
