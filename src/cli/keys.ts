import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import type { Principal } from '../domain/principal.js';
import { AppError } from '../lib/errors.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { resolveConnections } from '../lib/connections.js';
import { createKeyBodySchema, type ApiKey, type KeyService } from '../modules/keys/index.js';

export const KEYS_USAGE = `usage:
  modelwatch keys create --scope <admin|read|ingest>[,…] [--models a,b] [--name N]
  modelwatch keys list [--all] [--json]
  modelwatch keys revoke <keyId>
`;

/** Whoever runs the CLI holds the database credentials, so it acts as an unrestricted admin. */
const CLI_PRINCIPAL: Principal = { keyId: 'cli', scopes: ['admin'], modelIds: null };

export interface KeysIo {
  keys: KeyService;
  out(text: string): void;
  err(text: string): void;
}

/** The body field each option fills, for naming the option in errors. */
const OPTION_OF: Record<string, string> = { scopes: 'scope', models: 'models', name: 'name' };

const list = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).filter(Boolean);

function table(keys: ApiKey[]): string {
  const rows = [
    ['ID', 'NAME', 'SCOPES', 'MODELS', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [
      k.id,
      k.name,
      k.scopes.join(','),
      k.models?.join(',') ?? '*',
      k.createdAt,
      k.lastUsedAt ?? '-',
      k.revokedAt ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

async function create(args: string[], io: KeysIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scope: { type: 'string', multiple: true },
      models: { type: 'string', multiple: true },
      name: { type: 'string' },
    },
  });
  const scopes = list(values.scope) ?? [];
  const parsed = createKeyBodySchema.safeParse({
    name: values.name ?? `${scopes.join('+')} key (cli)`,
    scopes,
    models: list(values.models),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      io.err(`--${OPTION_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}\n`);
    }
    return 2;
  }
  const created = await io.keys.create(parsed.data, CLI_PRINCIPAL);
  const models = created.models ? `models ${created.models.join(', ')}` : 'every model';
  io.err(`Created API key ${created.id} (${created.scopes.join(', ')}; ${models}). It is shown once:\n`);
  io.out(`${created.key}\n`);
  return 0;
}

/** Every key, page by page: the operator's command lists them all, the API a page at a time. */
async function allKeys(io: KeysIo, includeRevoked: boolean) {
  const keys = [];
  let cursor: string | undefined;
  do {
    const page = await io.keys.list(CLI_PRINCIPAL, { includeRevoked, limit: 500, cursor });
    keys.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return keys;
}

async function dispatch(argv: string[], io: KeysIo): Promise<number> {
  const [action, ...args] = argv;
  if (action === 'create') return create(args, io);
  if (action === 'list') {
    const { values } = parseArgs({ args, options: { all: { type: 'boolean' }, json: { type: 'boolean' } } });
    const keys = await allKeys(io, values.all ?? false);
    io.out(values.json ? `${JSON.stringify(keys, null, 2)}\n` : table(keys));
    return 0;
  }
  if (action === 'revoke') {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    if (positionals.length !== 1) {
      io.err(KEYS_USAGE);
      return 2;
    }
    await io.keys.revoke(positionals[0]!, CLI_PRINCIPAL);
    io.out(`Revoked API key ${positionals[0]}.\n`);
    return 0;
  }
  io.err(KEYS_USAGE);
  return 2;
}

/** `modelwatch keys …` against the given key service; returns the exit code. */
export async function keysCommand(argv: string[], io: KeysIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`modelwatch keys: ${err.message}\n`);
      return 1;
    }
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`modelwatch keys: ${(err as Error).message}\n${KEYS_USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** The CLI entry: connects like the service does, migrates, runs the command, closes. */
export async function runKeys(argv: string[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const connections = await resolveConnections(config, log);
  const container = createContainer(config, 'api', connections, log);
  try {
    await migrate(container.pool, log);
    process.exitCode = await keysCommand(argv, {
      keys: container.keys,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    await container.close();
    await connections.stop();
  }
}
