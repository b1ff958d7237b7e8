/**
 * Runs a command with Postgres and Redis available:
 *   node --import tsx scripts/with-services.ts <command> [args…]
 * Finds or starts the services (src/lib/local-services.ts), runs the command with DATABASE_URL
 * and REDIS_URL set, forwards signals to it, stops what it started, and exits with its code.
 * `npm test` is this around `vitest run`, so `npm test -- <vitest args>` reaches vitest.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ensureServices, type Services } from '../src/lib/local-services.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node --import tsx scripts/with-services.ts <command> [args…]\n');
  process.exit(2);
}

let services: Services;
try {
  services = await ensureServices();
} catch (err) {
  process.stderr.write(`modelwatch: ${(err as Error).message}\n`);
  process.exit(1);
}

const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl },
  // npm puts node_modules/.bin on PATH; on Windows those are .cmd shims that need a shell.
  shell: process.platform === 'win32',
});

// The child decides how to react to a signal (vitest exits at once); we only stop our services
// after it has gone, so that its own teardown can still reach them.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));

const exitCode = await new Promise<number>((resolve) => {
  child.once('error', (err) => {
    process.stderr.write(`modelwatch: could not run ${command}: ${err.message}\n`);
    resolve(127);
  });
  // Like a shell: a child killed by a signal exits 128 + its number.
  child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
});

await services.stop().catch((err: unknown) => {
  process.stderr.write(`modelwatch: stopping local services failed: ${(err as Error).message}\n`);
});
process.exit(exitCode);
