import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the console in Debian's Chromium (tests/browser). Kept out of `npm test`,
// which needs only Node.js; the same global setup finds or starts Postgres and Redis.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
