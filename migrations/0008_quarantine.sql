-- Summaries that could not be decoded (a bad checksum, an unknown format version, a key of an
-- unknown kind), set aside so that they are never read as data again and stay inspectable
-- (src/modules/tiles/README.md "Quarantine"). A row is moved here from `tiles`,
-- `tile_contributions` or `reference_summaries` with its bytes as they were, and the time range
-- or reference it belonged to, so that every later evaluation touching it says what it lacks.
CREATE TABLE IF NOT EXISTS quarantined_summaries (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_id       text NOT NULL,
  source         text NOT NULL CHECK (source IN ('tile', 'contribution', 'reference')),
  key            text NOT NULL,              -- as stored: 'numerical:feature:age', 'binary', …
  bucket         timestamptz,                -- tile, contribution: the start of its time bucket
  seconds        integer,                    -- its length: the tile's resolution, or TILE_SECONDS
  batch_id       bigint,                     -- contribution: the batch it was folded from
  reference_id   bigint REFERENCES model_references (id) ON DELETE CASCADE, -- reference summary
  n              bigint,
  bytes          bytea,
  reason         text NOT NULL,              -- the decoder's message
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'reference') = (reference_id IS NOT NULL)),
  CHECK ((source = 'reference') = (bucket IS NULL AND seconds IS NULL))
);
-- Windows look up what they lack by model and time; retention deletes by time.
CREATE INDEX IF NOT EXISTS quarantined_summaries_model_bucket_idx
  ON quarantined_summaries (model_id, bucket) WHERE bucket IS NOT NULL;
CREATE INDEX IF NOT EXISTS quarantined_summaries_bucket_idx
  ON quarantined_summaries (bucket) WHERE bucket IS NOT NULL;
CREATE INDEX IF NOT EXISTS quarantined_summaries_reference_idx
  ON quarantined_summaries (reference_id) WHERE reference_id IS NOT NULL;
