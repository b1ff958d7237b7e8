import { Monitor } from '../../clients/typescript/src/index.js';
import { seededRandom } from '../../tests/helpers/random.js';

/** The TypeScript client's overhead against a running service (bench/clients.bench.ts). */

const COUNTRIES = ['NL', 'DE', 'FR', 'BE', 'ES', 'IT', 'PL', 'SE'];
const CHANNELS = ['web', 'app', 'branch', 'phone'];

function rows(n: number): Record<string, number | string>[] {
  const { uniform } = seededRandom(42);
  return Array.from({ length: n }, () => {
    const features: Record<string, number | string> = {};
    for (let i = 0; i < 18; i++) features[`num_${i}`] = Math.round((uniform() * 200 - 100) * 1e4) / 1e4;
    features.country = COUNTRIES[Math.floor(uniform() * COUNTRIES.length)]!;
    features.channel = CHANNELS[Math.floor(uniform() * CHANNELS.length)]!;
    return features;
  });
}

function quantiles(ns: number[]): string {
  ns.sort((a, b) => a - b);
  const q = (p: number) => ns[Math.min(ns.length - 1, Math.floor(p * ns.length))]! / 1000;
  return `p50 ${q(0.5).toFixed(2)} µs, p99 ${q(0.99).toFixed(2)} µs, p99.9 ${q(0.999).toFixed(1)} µs, max ${(ns.at(-1)! / 1000).toFixed(0)} µs`;
}

async function run(target: { url: string; apiKey: string; model: string }, calls: number, perSecond: number) {
  const features = rows(5_000);
  const monitor = new Monitor({ ...target, maxBuffer: calls + 1 });
  const timings: number[] = [];
  const started = performance.now();
  const gapMs = perSecond ? 1000 / perSecond : 0;
  for (let i = 0; i < calls; i++) {
    // Paced: yield to the event loop until the call's time, as a server between requests does.
    if (gapMs) while (performance.now() < started + i * gapMs) await new Promise((r) => setImmediate(r));
    const t0 = process.hrtime.bigint();
    monitor.logPrediction({ features: features[i % features.length]!, prediction: i % 2, score: 0.5 });
    timings.push(Number(process.hrtime.bigint() - t0));
  }
  const logged = performance.now();
  await monitor.flush();
  const delivered = performance.now();
  await monitor.close();
  return {
    timings,
    stats: monitor.stats,
    loggedS: (logged - started) / 1000,
    deliveredS: (delivered - started) / 1000,
  };
}

export async function benchTypescriptClient(target: {
  url: string;
  apiKey: string;
  model: string;
}): Promise<void> {
  process.stdout.write(
    `TypeScript client, Node ${process.version}, 20 features a prediction, batches of 500, gzip\n`,
  );
  const paced = await run(target, 20_000, 2_000);
  process.stdout.write(
    `  paced at 2,000 calls/s for 10 s, sends beside: per call ${quantiles(paced.timings)}\n`,
  );
  const calls = 200_000;
  const burst = await run(target, calls, 0);
  process.stdout.write(
    `  ${calls.toLocaleString('en-US')} calls back to back: per call ${quantiles(burst.timings)}\n`,
  );
  const s = burst.stats;
  process.stdout.write(
    `  sustained through one client: ${calls.toLocaleString('en-US')} events logged in ${burst.loggedS.toFixed(2)} s, ` +
      `all delivered after ${burst.deliveredS.toFixed(2)} s = ${Math.round(calls / burst.deliveredS).toLocaleString('en-US')} events/s end to end ` +
      `(accepted ${s.accepted}, duplicates ${s.duplicates}, dropped ${s.dropped}, failed ${s.failed})\n`,
  );
  process.stdout.write("  goal: p99 ≤ 5 µs per call on the caller's thread\n");
}
