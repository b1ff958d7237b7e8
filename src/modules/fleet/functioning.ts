import { z } from 'zod';
import type { ModelStatus } from '../evaluation/index.js';

/** "Functioning properly" (docs/kpis.md#functioning-properly), derived live per model. */
export const functioningSchema = z
  .object({
    state: z.enum(['yes', 'no', 'unknown']),
    reasons: z.array(z.string()).describe('why not, or why it cannot be told; empty when yes'),
  })
  .meta({ id: 'Functioning' });
export type Functioning = z.infer<typeof functioningSchema>;

export interface FunctioningSignals {
  status: ModelStatus;
  /** Alerts of severity critical now firing for the model. */
  criticalFiring: number;
  /** An active silence pins the model: its alerts would not reach anyone. */
  silenced: boolean;
  /** The inventory's next validation date (YYYY-MM-DD), if recorded. */
  validationNextDue: string | null;
}

/**
 * No when the model's performance is degraded, it went silent, a critical alert fires, or its
 * validation is overdue; unknown when none of those holds but its status could not be judged or
 * its alerts are silenced; yes otherwise. Drift alone does not stop a model functioning.
 */
export function functioning(s: FunctioningSignals, today: string): Functioning {
  const no: string[] = [];
  if (s.status === 'degraded' || s.status === 'silent') no.push(`status ${s.status}`);
  if (s.criticalFiring > 0)
    no.push(`${s.criticalFiring} critical alert${s.criticalFiring === 1 ? '' : 's'} firing`);
  if (s.validationNextDue !== null && s.validationNextDue < today) {
    no.push(`validation overdue since ${s.validationNextDue}`);
  }
  if (no.length > 0) return { state: 'no', reasons: no };
  const unknown: string[] = [];
  if (s.status === 'unknown' || s.status === 'insufficient_data') unknown.push(`status ${s.status}`);
  if (s.silenced) unknown.push('its alerts are silenced');
  return unknown.length > 0 ? { state: 'unknown', reasons: unknown } : { state: 'yes', reasons: [] };
}
