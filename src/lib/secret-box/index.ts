export { createSecretBox, SecretBoxError, type SecretBox, type SecretBoxFailure } from './box.js';
export { derivedKeyId, generateKeyEntry, KeyringFormatError, parseKeyring, type Keyring } from './keyring.js';
export { readOrCreateKeyFile, type KeyFile } from './key-file.js';
export { DEFAULT_KEY_FILE, loadKeyring, type KeyringLog, type KeyringSource } from './keyring-source.js';
