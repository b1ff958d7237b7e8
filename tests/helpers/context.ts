import { inject } from 'vitest';
import './naming.js';

export interface TestContext {
  /** A URL on the test server with rights to create databases; tests write to their own only. */
  databaseUrl: string;
  redisUrl: string;
  /** The migrated database each test file's database is copied from. */
  templateDatabase: string;
  runId: string;
}

/** Where this test run's services are, as provided by tests/helpers/global-setup.ts. */
export function testContext(): TestContext {
  return {
    databaseUrl: inject('mwDatabaseUrl'),
    redisUrl: inject('mwRedisUrl'),
    templateDatabase: inject('mwTemplateDatabase'),
    runId: inject('mwRunId'),
  };
}
