import type { QuarantinedSummary } from '../tiles/index.js';
import { MAX_LISTED_QUARANTINED, type Incomplete } from './evaluation.schemas.js';

const KEYS_IN_REASON = 5;

/**
 * What an evaluation lacks: the quarantined summaries of its window and reference, or null when
 * it was made from everything. The reason names the keys (a few) so that a reader of /drift or of
 * an alert sees at once which features the verdict is made without.
 */
export function incompleteness(quarantined: readonly QuarantinedSummary[]): Incomplete | null {
  if (quarantined.length === 0) return null;
  const part = (source: 'window' | 'reference') => {
    const of = quarantined.filter((q) => (q.source === 'reference') === (source === 'reference'));
    if (of.length === 0) return [];
    const keys = [...new Set(of.map((q) => q.key))];
    const shown = keys.slice(0, KEYS_IN_REASON).join(', ');
    const rest = keys.length > KEYS_IN_REASON ? ` and ${keys.length - KEYS_IN_REASON} more keys` : '';
    return [`${of.length} of the ${source} (${shown}${rest})`];
  };
  const n = quarantined.length;
  const which = [...part('window'), ...part('reference')].join(' and ');
  return {
    reason:
      `${n} stored ${n === 1 ? 'summary' : 'summaries'} could not be decoded and ` +
      `${n === 1 ? 'is' : 'are'} quarantined: ${which}. The evaluation is made without ${n === 1 ? 'its' : 'their'} data.`,
    summaries: quarantined.slice(0, MAX_LISTED_QUARANTINED),
    more: Math.max(0, n - MAX_LISTED_QUARANTINED),
  };
}
