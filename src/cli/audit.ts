import { loadConfig } from '../config.js';
import { resolveConnections } from '../lib/connections.js';
import { createPool, type Pool } from '../lib/db.js';
import { createLogger } from '../lib/logger.js';
import { migrate } from '../lib/migrate.js';
import { verifyAuditChain } from '../modules/audit/index.js';

export const AUDIT_USAGE = `usage:
  modelwatch audit verify
                   recompute the audit log's hash chain; exit 1 naming the first broken entry
`;

export interface AuditIo {
  pool: Pool;
  out(text: string): void;
  err(text: string): void;
}

/** `modelwatch audit …`; returns the exit code. */
export async function auditCommand(argv: string[], io: AuditIo): Promise<number> {
  if (argv.length !== 1 || argv[0] !== 'verify') {
    io.err(AUDIT_USAGE);
    return 2;
  }
  const report = await verifyAuditChain(io.pool);
  if (report.broken === null) {
    io.out(`audit chain intact: ${report.entries} entries, head ${report.head ?? '(empty)'}\n`);
    return 0;
  }
  const { id, reason } = report.broken;
  io.out(
    `audit chain BROKEN at entry ${id}: ${reason} (${report.entries} entries before it hold, ` +
      `the last of them ${report.head ?? '(none)'})\n`,
  );
  return 1;
}

/** The CLI entry: connects like the service does, migrates, verifies, closes. */
export async function runAudit(argv: string[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const connections = await resolveConnections(config, log);
  const pool = createPool(connections.databaseUrl, 2);
  try {
    await migrate(pool, log);
    process.exitCode = await auditCommand(argv, {
      pool,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    await pool.end();
    await connections.stop();
  }
}
