-- References of one model version (issue 13 item 4; src/modules/references/README.md "Per
-- version"): a reference set with `?modelVersion=v2` is the one v2's slice is judged against; a
-- version without one is judged against the model's. NULL is the model's own reference, so every
-- row written before reads as the model's. Versions keep one numbering per model (`version`), so
-- the audit log and evaluations still name a reference by (model, version) alone.
ALTER TABLE model_references ADD COLUMN IF NOT EXISTS model_version text;
-- The current reference of a model or a model version: its highest version.
CREATE INDEX IF NOT EXISTS model_references_current_idx
  ON model_references (model_id, model_version, version DESC);
