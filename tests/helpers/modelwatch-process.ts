import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { stopPid } from '../../src/lib/local-process.js';
import { eventually } from './eventually.js';
import { TEST_SECRETS_KEY } from './secrets.js';

/**
 * `modelwatch <role>` as a child process, as production runs it, with everything it prints kept
 * line by line (stdout and stderr together), so that tests can kill it and count its log lines.
 */

const CLI = fileURLToPath(new URL('../../bin/modelwatch.js', import.meta.url));

/** A line the process printed; `json` is its parsed pino record, or undefined for anything else. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface ModelwatchProcess {
  pid: number;
  /** Every line printed so far, in order of arrival. */
  lines: OutputLine[];
  /** Where the worker's /metrics listens (worker role). */
  metricsUrl: string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  /** Log records whose `msg` is `msg` (and which match `fields`, when given). */
  logged(msg: string, fields?: Record<string, unknown>): Record<string, unknown>[];
  /** Lines that are not one JSON object: a stack trace, a library's console.error. */
  nonJson(): OutputLine[];
  /** The last `n` lines, as text: for a failure message. */
  tail(n?: number): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ModelwatchProcess>();

// Registered when a test file imports this module, so it runs after that file's tests (as db.ts).
afterAll(async () => {
  await Promise.all([...live].map((p) => p.stop(2_000)));
});

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function collect(child: ChildProcess, lines: OutputLine[]): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let partial = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      for (const text of parts) lines.push({ stream, text, json: parse(text) });
    });
    child[stream]!.on('end', () => {
      if (partial !== '') lines.push({ stream, text: partial, json: parse(partial) });
    });
  }
}

/**
 * Starts `modelwatch worker` with the given settings (on top of a quiet, local default set) and
 * resolves once its metrics server listens. Stopped after the file's tests if still running.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<ModelwatchProcess> {
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      SECRETS_KEY: TEST_SECRETS_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: OutputLine[] = [];
  collect(child, lines);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal!)),
  );
  const logged = (msg: string, fields: Record<string, unknown> = {}) =>
    lines.flatMap((l) =>
      l.json?.msg === msg && Object.entries(fields).every(([k, v]) => l.json![k] === v) ? [l.json] : [],
    );
  let gone = false;
  void exited.then(() => (gone = true));
  const proc: ModelwatchProcess = {
    pid: child.pid!,
    lines,
    metricsUrl: '',
    exited,
    logged,
    nonJson: () => lines.filter((l) => l.json === undefined),
    tail: (n = 15) =>
      lines
        .slice(-n)
        .map((l) => l.text)
        .join('\n'),
    kill: (signal) => child.kill(signal),
    async stop(graceMs = 15_000) {
      live.delete(proc);
      if (!gone) await stopPid(child.pid!, 'SIGTERM', graceMs);
      await exited;
    },
  };
  live.add(proc);
  const listening = await eventually(async () => {
    if (gone) {
      const output = lines.map((l) => l.text).join('\n');
      throw new Error(`modelwatch worker exited at start:\n${output}`);
    }
    return logged('worker metrics listening')[0];
  }, 30_000);
  proc.metricsUrl = `http://127.0.0.1:${String(listening.port)}/metrics`;
  return proc;
}

/** The value of one sample of a Prometheus text exposition, e.g. `metric{queue="fold",outcome="failed"}`. */
export async function scrapeCounter(
  metricsUrl: string,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.slice(0, l.indexOf('}')).includes(w)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
