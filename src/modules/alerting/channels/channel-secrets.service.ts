import { withTransaction, type Pool } from '../../../lib/db.js';
import { SecretBoxError } from '../../../lib/secret-box/index.js';
import { channelTargetSchema } from './targets.js';
import { targetContext, type TargetSealer } from './channels.sealing.js';
import type { ChannelSecretRow, ChannelStore } from './channels.store.js';

/**
 * - `startup`: seal every target still in plain text (stored before migration 0009) and check that
 *   every sealed one opens; what older keys sealed stays as it is, since replicas that do not hold
 *   the newest key yet must still read it;
 * - `rotate`: the same, and re-seal with the current key whatever an older key sealed.
 */
export type ResealMode = 'startup' | 'rotate';

export interface ResealReport {
  currentKeyId: string;
  /** Rows seen. */
  total: number;
  /** Plain-text targets sealed now. */
  sealedPlaintext: number;
  /** Re-sealed with the current key, by the key they were sealed with before. */
  resealed: Record<string, number>;
  /** Sealed with the current key already. */
  current: number;
  /** Still sealed with an older key (startup mode), by key id. */
  older: Record<string, number>;
  /** Rows that could not be opened (or, in plain text, were not a valid target); left unchanged. */
  unreadable: { channelId: string; keyId: string | null; message: string }[];
}

export interface ChannelSecretsDeps {
  pool: Pool;
  store: Pick<ChannelStore, 'secretsBatch' | 'storeSealed'>;
  sealer: TargetSealer;
}

const count = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1;
};

export function createChannelSecretsService({ pool, store, sealer }: ChannelSecretsDeps) {
  /** What to store for one row, or null to leave it; records the row in the report. */
  function resealed(row: ChannelSecretRow, mode: ResealMode, report: ResealReport): string | null {
    if (row.sealedTarget === null) {
      const target = channelTargetSchema.safeParse(row.plaintextTarget);
      if (target.success) {
        report.sealedPlaintext += 1;
        return sealer.seal(row.id, target.data);
      }
      const message = `${targetContext(row.id)}: the plain-text target is not a valid channel target`;
      report.unreadable.push({ channelId: row.id, keyId: null, message });
      return null;
    }
    const keyId = sealer.keyIdOf(row.sealedTarget);
    try {
      const target = sealer.open(row.id, row.sealedTarget);
      if (keyId === report.currentKeyId) report.current += 1;
      else if (mode === 'startup') count(report.older, keyId!);
      else {
        count(report.resealed, keyId!);
        return sealer.seal(row.id, target);
      }
    } catch (err) {
      if (!(err instanceof SecretBoxError)) throw err;
      report.unreadable.push({ channelId: row.id, keyId: err.keyId, message: err.message });
    }
    return null;
  }

  return {
    /**
     * Walks every channel in id order, `batchSize` rows per transaction (rows locked only for
     * their batch, so it is safe beside a running service), and writes only what changes: running
     * it again finds nothing to do. Never throws for a row it cannot open; it reports it.
     */
    async reseal(mode: ResealMode, { batchSize = 100 } = {}): Promise<ResealReport> {
      const report: ResealReport = {
        currentKeyId: sealer.currentKeyId,
        total: 0,
        sealedPlaintext: 0,
        resealed: {},
        current: 0,
        older: {},
        unreadable: [],
      };
      let after = '';
      for (;;) {
        const seen = await withTransaction(pool, async (client) => {
          const rows = await store.secretsBatch(client, after, batchSize);
          for (const row of rows) {
            const sealed = resealed(row, mode, report);
            if (sealed !== null) await store.storeSealed(client, row.id, sealed);
          }
          return rows;
        });
        report.total += seen.length;
        if (seen.length < batchSize) return report;
        after = seen[seen.length - 1]!.id;
      }
    },
  };
}

export type ChannelSecretsService = ReturnType<typeof createChannelSecretsService>;

/**
 * The start-up pass, run by every process after migrating: seals plain-text targets and says what
 * needs an operator, one line each: targets under older keys, and targets no configured key opens
 * (the service still starts: ingest and evaluation do not depend on channels, and those channels'
 * notifications wait, retried, for the key to be configured).
 */
export async function sealAtStartup(
  secrets: ChannelSecretsService,
  log: { info(fields: object, message: string): void; error(fields: object, message: string): void },
): Promise<ResealReport> {
  const report = await secrets.reseal('startup');
  if (report.sealedPlaintext > 0) {
    log.info(
      { sealed: report.sealedPlaintext },
      `secrets at rest: sealed ${report.sealedPlaintext} channel targets stored in plain text`,
    );
  }
  const older = Object.keys(report.older);
  if (older.length > 0) {
    log.info(
      { older: report.older, keyId: report.currentKeyId },
      `secrets at rest: some channel targets are sealed with older keys (${older.join(', ')}); once every replica holds key "${report.currentKeyId}", run \`modelwatch secrets rotate\``,
    );
  }
  const byKey = new Map<string | null, ResealReport['unreadable']>();
  for (const u of report.unreadable) byKey.set(u.keyId, [...(byKey.get(u.keyId) ?? []), u]);
  for (const [keyId, rows] of byKey) {
    log.error(
      { keyId, channels: rows.map((r) => r.channelId) },
      `secrets at rest: ${rows.length} channel targets cannot be opened, and these channels cannot deliver: ${rows[0]!.message}`,
    );
  }
  return report;
}
