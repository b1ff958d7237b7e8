/**
 * The key test services seal channel secrets with (SECRETS_KEY; a test may give its own): fixed,
 * so that processes sharing a database open each other's values, and no test writes a key file.
 * Its 32 bytes spell "test-only-key-for-channel-secret".
 */
export const TEST_SECRETS_KEY = 'test:dGVzdC1vbmx5LWtleS1mb3ItY2hhbm5lbC1zZWNyZXQ=';
