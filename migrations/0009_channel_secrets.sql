-- Channel targets (URLs, webhook signing secrets, PagerDuty routing keys) are sealed at rest:
-- AES-256-GCM with a key from SECRETS_KEY, bound to the channel id (docs/secrets.md). SQL cannot
-- encrypt with a key it does not have, so this migration only makes room: the plain-text target
-- moves to plaintext_target, and every process seals what it finds there when it starts (after
-- migrating), as does `modelwatch secrets rotate`; a sealed row has plaintext_target NULL.
-- Renaming the column also stops code from before this migration writing plain text to it.
ALTER TABLE alert_channels RENAME COLUMN target TO plaintext_target;
ALTER TABLE alert_channels ALTER COLUMN plaintext_target DROP NOT NULL;
ALTER TABLE alert_channels ADD COLUMN IF NOT EXISTS sealed_target text;
ALTER TABLE alert_channels
  ADD CONSTRAINT alert_channels_target_once CHECK (num_nonnulls(plaintext_target, sealed_target) = 1);
