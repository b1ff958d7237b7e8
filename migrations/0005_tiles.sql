-- Tiles: per model and time bucket, mergeable summaries of features, predictions, scores and
-- labelled pairs (docs/architecture.md#tiles; src/modules/tiles/README.md explains the life of a tile).

-- What one fold adds to one bucket, written in the transaction that sets the batch's folded_at.
-- Compaction merges them into `tiles` and deletes them in one transaction; readers merge both.
CREATE TABLE IF NOT EXISTS tile_contributions (
  batch_id  bigint NOT NULL,
  bucket    timestamptz NOT NULL,          -- start of the TILE_SECONDS bucket (epoch-aligned)
  key       text NOT NULL,                 -- '<kind>' or '<kind>:<role>', e.g. 'numerical:feature:age'
  model_id  text NOT NULL,
  n         bigint NOT NULL,               -- events (or labelled pairs) folded into this summary
  bytes     bytea,                         -- the encoded summary; NULL for the 'events' count
  PRIMARY KEY (batch_id, bucket, key)
);
CREATE INDEX IF NOT EXISTS tile_contributions_model_bucket_idx ON tile_contributions (model_id, bucket);

-- One row per tile: TILE_SECONDS tiles, and 3600-second (hour) tiles once an hour is rolled up.
CREATE TABLE IF NOT EXISTS tiles (
  model_id   text NOT NULL,
  resolution integer NOT NULL,             -- seconds
  bucket     timestamptz NOT NULL,
  key        text NOT NULL,
  n          bigint NOT NULL,
  bytes      bytea,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, resolution, bucket, key)
);
CREATE INDEX IF NOT EXISTS tiles_bucket_idx ON tiles (bucket);

-- Every hour that has fine tiles, so that upkeep finds its work without scanning tiles.
-- Compaction adds the hour when it first writes a fine tile in it; rollup merges the hour's fine
-- tiles into hour tiles and sets rolled_at. From then on compaction merges late contributions into
-- the hour tile as well; once minutes_pruned (fine tiles deleted), into the hour tile only.
CREATE TABLE IF NOT EXISTS tile_hours (
  model_id       text NOT NULL,
  hour           timestamptz NOT NULL,
  rolled_at      timestamptz,
  minutes_pruned boolean NOT NULL DEFAULT false,
  PRIMARY KEY (model_id, hour)
);
CREATE INDEX IF NOT EXISTS tile_hours_hour_idx ON tile_hours (hour);  -- retention
CREATE INDEX IF NOT EXISTS tile_hours_unrolled_idx ON tile_hours (hour) WHERE rolled_at IS NULL;
CREATE INDEX IF NOT EXISTS tile_hours_unpruned_idx ON tile_hours (hour)
  WHERE rolled_at IS NOT NULL AND NOT minutes_pruned;

-- Each (prediction, outcome) pair counts once in performance: the fold that inserts the pair here
-- (ON CONFLICT DO NOTHING, in its folding transaction) is the one that counts it.
CREATE TABLE IF NOT EXISTS labelled_pairs (
  model_id      text NOT NULL,
  prediction_id text NOT NULL,
  ts            timestamptz NOT NULL,        -- the prediction's time: its bucket, and its retention
  batch_id      bigint NOT NULL,             -- the batch whose fold counted the pair
  PRIMARY KEY (model_id, prediction_id)
);
CREATE INDEX IF NOT EXISTS labelled_pairs_ts_idx ON labelled_pairs (ts);
