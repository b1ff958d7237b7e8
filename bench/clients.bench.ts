// npm run bench:clients — the clients' overhead against a real service: `modelwatch serve` on a
// free port with a fresh database on DATABASE_URL's server (else a local one, found or started)
// and a unique prefix on REDIS_URL. Prints, per client, the time one log call takes on the
// caller's thread and the events per second one client delivers end to end.
// PYTHON (default python3) runs the Python client's part (bench/clients/python_client.py); the
// TypeScript client's runs in this process (bench/clients/typescript-client.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureServices } from '../src/lib/local-services.js';
import { startLocalTarget } from './ingest/target.js';
import { benchTypescriptClient } from './clients/typescript-client.js';

const services = await ensureServices();
const target = await startLocalTarget(services.databaseUrl, services.redisUrl);
try {
  process.stdout.write(`clients benchmark: modelwatch serve at ${target.url}, Node ${process.version}\n\n`);
  const script = fileURLToPath(new URL('./clients/python_client.py', import.meta.url));
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.env.PYTHON ?? 'python3', [script], {
      stdio: 'inherit',
      env: {
        ...process.env,
        BENCH_URL: target.url,
        BENCH_API_KEY: target.apiKey,
        BENCH_MODEL: target.modelId,
      },
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) process.exitCode = 1;
  process.stdout.write('\n');
  await benchTypescriptClient({ url: target.url, apiKey: target.apiKey, model: target.modelId });
} finally {
  await target.close();
  await services.stop();
}
