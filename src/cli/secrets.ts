import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { resolveConnections } from '../lib/connections.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { generateKeyEntry, KeyringFormatError } from '../lib/secret-box/index.js';
import type { ChannelSecretsService, ResealReport } from '../modules/alerting/index.js';

export const SECRETS_USAGE = `usage:
  modelwatch secrets rotate [--batch-size N]
                   re-seal every stored channel secret with SECRETS_KEY's first key
  modelwatch secrets generate-key [--id ID]
                   print a new key entry for SECRETS_KEY (id:base64 of 32 random bytes)
`;

export interface SecretsIo {
  /** Connects when first called: generate-key needs no database. */
  secrets(): Promise<{ service: ChannelSecretsService; keyIds: readonly string[] }>;
  out(text: string): void;
  err(text: string): void;
}

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

function describe(report: ResealReport, keyIds: readonly string[]): { text: string; ok: boolean } {
  const lines = [
    `current key "${report.currentKeyId}" (SECRETS_KEY holds ${quoted(keyIds)})`,
    `  channel targets: ${report.total}`,
    `  sealed from plain text: ${report.sealedPlaintext}`,
    ...Object.entries(report.resealed).map(([id, n]) => `  re-sealed from key "${id}": ${n}`),
    `  already under "${report.currentKeyId}": ${report.current}`,
  ];
  if (report.unreadable.length === 0) {
    const others = keyIds.filter((id) => id !== report.currentKeyId);
    const removable = others.length > 0 ? `: ${quoted(others)} may now be removed from SECRETS_KEY` : '';
    lines.push(`done: every channel target is sealed with key "${report.currentKeyId}"${removable}`);
    return { text: `${lines.join('\n')}\n`, ok: true };
  }
  lines.push(`  cannot be opened, left as they are: ${report.unreadable.length}`);
  for (const u of report.unreadable) lines.push(`    channel "${u.channelId}": ${u.message}`);
  lines.push('not done: put the keys named above back into SECRETS_KEY and run this again');
  return { text: `${lines.join('\n')}\n`, ok: false };
}

/** `modelwatch secrets …`; returns the exit code. */
export async function secretsCommand(argv: string[], io: SecretsIo): Promise<number> {
  const [action, ...args] = argv;
  try {
    if (action === 'generate-key') {
      const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
      io.out(`${generateKeyEntry(values.id)}\n`);
      return 0;
    }
    if (action === 'rotate') {
      const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string' } } });
      const batchSize = Number(values['batch-size'] ?? 100);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
        io.err('modelwatch secrets: --batch-size must be an integer from 1 to 10000\n');
        return 2;
      }
      const { service, keyIds } = await io.secrets();
      const { text, ok } = describe(await service.reseal('rotate', { batchSize }), keyIds);
      (ok ? io.out : io.err)(text);
      return ok ? 0 : 1;
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (err instanceof KeyringFormatError) {
      io.err(`modelwatch secrets: ${err.message}\n`);
      return 2;
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`modelwatch secrets: ${(err as Error).message}\n${SECRETS_USAGE}`);
      return 2;
    }
    throw err;
  }
  io.err(SECRETS_USAGE);
  return 2;
}

/** The CLI entry: connects like the service does (migrations first) only when a command needs it. */
export async function runSecrets(argv: string[]): Promise<void> {
  const closing: (() => Promise<void>)[] = [];
  try {
    process.exitCode = await secretsCommand(argv, {
      async secrets() {
        const config = loadConfig();
        const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
        const connections = await resolveConnections(config, log);
        closing.push(() => connections.stop());
        const container = createContainer(config, 'api', connections, log);
        closing.unshift(() => container.close());
        await migrate(container.pool, log);
        return { service: container.alerting.secrets, keyIds: container.secretBox.keyIds };
      },
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    for (const close of closing) await close();
  }
}
