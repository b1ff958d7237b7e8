-- Slices (issue 13 items 3 and 4; docs/adr/0003-summary-core.md §3): tiles and contributions are
-- kept per slice as well as overall. `slice` is '' for the overall traffic, `segment:<key>=<value>`
-- for a declared segment value (`segment:country=DE`, `segment:country=__other__`), `version:<v>`
-- for a model version. Rows written before this read as overall (the default).
ALTER TABLE tile_contributions ADD COLUMN IF NOT EXISTS slice text NOT NULL DEFAULT '';
ALTER TABLE tiles ADD COLUMN IF NOT EXISTS slice text NOT NULL DEFAULT '';
ALTER TABLE quarantined_summaries ADD COLUMN IF NOT EXISTS slice text NOT NULL DEFAULT '';

-- The slice comes right after the model in the tiles key, so a window of one slice is a range
-- scan of its own rows (src/modules/tiles/tiles.store.ts readPlan); rollup and pruning, which
-- touch every slice of an hour, name the model's slices (found by a skip scan of this index).
ALTER TABLE tiles DROP CONSTRAINT IF EXISTS tiles_pkey;
ALTER TABLE tiles ADD PRIMARY KEY (model_id, slice, resolution, bucket, key);
ALTER TABLE tile_contributions DROP CONSTRAINT IF EXISTS tile_contributions_pkey;
ALTER TABLE tile_contributions ADD PRIMARY KEY (batch_id, slice, bucket, key);

-- The segment values kept apart per model and key, in the order they were first folded
-- (src/modules/tiles/README.md "Slices"): a value whose rank is at most the key's `maxValues`
-- has its own slice, the others fold into `__other__`. Written by the fold, in its transaction,
-- under a lock per (model, key), so two folds cannot both take the last place. Kept like the
-- model (no retention): a value keeps its slice for as long as the model is declared so.
CREATE TABLE IF NOT EXISTS segment_values (
  model_id   text NOT NULL REFERENCES models (id),
  key        text NOT NULL,
  value      text NOT NULL,
  rank       integer NOT NULL,              -- 1 for the first value folded, 2 for the next…
  first_seen timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, key, value),
  UNIQUE (model_id, key, rank)
);
