import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config.js';
import { runRoles } from '../roles.js';
import { demoBanner } from './banner.js';
import { DEMO_USAGE, DemoUsageError, parseDemoArgs } from './options.js';
import { beforeLocalServicesStop, demoQueuePrefix, dropDemoDataStep, isolateDemo } from './isolation.js';
import { demoConfig } from './settings.js';
import { startDemo } from './start.js';

const write = (line: string) => process.stdout.write(`${line}\n`);

/** `modelwatch demo`: the service in one process, fed by the demo until Ctrl-C or --duration. */
export async function runDemoCommand(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(DEMO_USAGE);
    return;
  }
  let options;
  try {
    options = parseDemoArgs(args);
  } catch (err) {
    if (!(err instanceof DemoUsageError)) throw err;
    process.stderr.write(`modelwatch demo: ${err.message}\n\n${DEMO_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const base = loadConfig();
  const adminKey = base.ADMIN_API_KEY ?? `mw_demo_${randomBytes(24).toString('base64url')}`;
  const isolated = await isolateDemo(base, options.database);
  const running = await runRoles('all', { ...demoConfig(base, adminKey), ...isolated }, options.database);
  if (!options.keep) {
    const prefix = demoQueuePrefix(options.database);
    beforeLocalServicesStop(running.steps, dropDemoDataStep(running.databaseUrl, running.redisUrl, prefix));
  }
  const demo = await startDemo(running, adminKey, options, {
    reading: write,
    kpis: write,
    alert: write,
    say: write,
  });
  write(demoBanner(demo, options));
  if (options.durationSeconds > 0) {
    setTimeout(() => {
      const { predictions, outcomes } = demo.traffic.counts();
      write(
        `demo: ${options.durationSeconds} s done: ${predictions} predictions and ${outcomes} outcomes sent`,
      );
      void running.shutdown().then(() => process.exit(0));
    }, options.durationSeconds * 1000);
  }
}
