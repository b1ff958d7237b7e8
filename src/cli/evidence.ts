import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { apiDateTime } from '../lib/api-time.js';
import { resolveConnections } from '../lib/connections.js';
import { createPool, type Pool } from '../lib/db.js';
import { AppError, NotFoundError } from '../lib/errors.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { createAuditStore } from '../modules/audit/index.js';
import { renderEvidenceHtml, createEvidence } from '../modules/evidence/index.js';
import { createModelService, createModelStore } from '../modules/models/index.js';

export const EVIDENCE_USAGE = `usage:
  modelwatch evidence --model ID [--from T] [--to T] --out DIR
                   write DIR/evidence.json and DIR/evidence.html: the model's evidence for [from, to)
                   (RFC 3339 times; to defaults to now, from to 30 days before to; at most 366 days)
`;

export interface EvidenceIo {
  pool: Pool;
  /** The configured evaluation windows (EVALUATION_WINDOWS). */
  windows: readonly string[];
  out(text: string): void;
  err(text: string): void;
}

type Args = { model: string; from?: string; to?: string; out: string };

/** The options, or the line saying what is wrong with them. */
function parse(argv: string[]): Args | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (!values.model) return '--model is required';
  if (!values.out) return '--out is required';
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value !== undefined && !apiDateTime().safeParse(value).success) {
      return `--${name} "${value}" is not an RFC 3339 date-time with an offset (2026-03-01T00:00:00Z)`;
    }
  }
  return values as Args;
}

/** `modelwatch evidence …`; returns the exit code: 0 written, 1 unknown model, 2 bad options or period. */
export async function evidenceCommand(argv: string[], io: EvidenceIo): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`modelwatch evidence: ${args}\n\n${EVIDENCE_USAGE}`);
    return 2;
  }
  const models = createModelService({ pool: io.pool, store: createModelStore(), audit: createAuditStore() });
  const evidence = createEvidence({ pool: io.pool, models, windows: io.windows });
  let record;
  try {
    record = await evidence.export(args.model, { from: args.from, to: args.to }, null);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const fields = (err.extra.errors ?? []).map((e) => ` (${e.pointer.slice(1)}: ${e.message})`).join('');
    io.err(`modelwatch evidence: ${err.message}${fields}\n`);
    return err instanceof NotFoundError ? 1 : 2;
  }
  const dir = resolve(args.out);
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'evidence.json');
  const html = join(dir, 'evidence.html');
  await writeFile(json, `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(html, renderEvidenceHtml(record));
  io.out(
    `wrote ${json} and ${html}: model ${record.modelId}, ${record.period.from} – ${record.period.to}, ` +
      `digest sha256:${record.digest.value}\n`,
  );
  return 0;
}

/** The CLI entry: connects like the service does, migrates, exports, closes. */
export async function runEvidence(argv: string[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const connections = await resolveConnections(config, log);
  const pool = createPool(connections.databaseUrl, 4);
  try {
    await migrate(pool, log);
    process.exitCode = await evidenceCommand(argv, {
      pool,
      windows: config.EVALUATION_WINDOWS.map((w) => w.name),
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    await pool.end();
    await connections.stop();
  }
}
