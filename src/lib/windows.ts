import type { z } from 'zod';

/** A rolling evaluation window: its name as written (`5m`, `1h`, `24h`, `7d`) and its length. */
export interface WindowLength {
  name: string;
  seconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const WINDOW_PATTERN = /^([1-9]\d{0,5})([smhd])$/;
/** Longer windows would merge more tiles than one evaluation should (docs/architecture.md#tiles: a window costs in tiles). */
export const MAX_WINDOW_SECONDS = 31 * 86_400;

/** `5m` → 300; null for anything that is not a whole number of s, m, h or d up to 31 days. */
export function windowSeconds(name: string): number | null {
  const match = WINDOW_PATTERN.exec(name);
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds >= 60 && seconds <= MAX_WINDOW_SECONDS ? seconds : null;
}

/** A comma-separated list of windows, shortest first; a zod transform reports every bad entry. */
export function parseWindowList(text: string, ctx: z.RefinementCtx): WindowLength[] {
  const windows: WindowLength[] = [];
  for (const name of text.split(',').map((s) => s.trim())) {
    const seconds = windowSeconds(name);
    if (seconds === null) {
      ctx.addIssue({
        code: 'custom',
        message: `"${name}" is not a window: a whole number of s, m, h or d, from 60 s to 31 days`,
      });
    } else if (windows.some((w) => w.seconds === seconds)) {
      ctx.addIssue({ code: 'custom', message: `"${name}" repeats a window length` });
    } else {
      windows.push({ name, seconds });
    }
  }
  if (windows.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one window is needed' });
  return windows.sort((a, b) => a.seconds - b.seconds);
}

/** `1h=120,24h=600` → { '1h': 120, '24h': 600 }; an empty string is none. */
export function parseWindowIntervals(text: string, ctx: z.RefinementCtx): Record<string, number> {
  const intervals: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const match = /^([^=\s]+)=([1-9]\d{0,5})$/.exec(entry);
    if (!match || Number(match[2]) > 86_400) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not window=seconds (a window name, then 1 to 86400 seconds)`,
      });
    } else intervals[match[1]!] = Number(match[2]);
  }
  return intervals;
}

/** How often windows are evaluated: every tick, and some windows less often (EVALUATION_WINDOW_INTERVALS). */
export interface EvaluationCadence {
  /** EVALUATION_INTERVAL_SECONDS: the scheduler's tick. */
  intervalSeconds: number;
  /** A window's own interval, where it has one longer than the tick. */
  windowIntervals?: Readonly<Record<string, number>>;
}

/**
 * Seconds between two scheduled evaluations of `window`: the tick, or the window's own interval
 * when longer (evaluation.scheduler.ts `due`). What an alarm budget and an Alertmanager lease
 * count in.
 */
export function evaluatedEverySeconds(cadence: EvaluationCadence, window: string | undefined): number {
  const own = window === undefined ? 0 : (cadence.windowIntervals?.[window] ?? 0);
  return Math.max(cadence.intervalSeconds, own);
}
