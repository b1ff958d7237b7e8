import { periodicTask } from '../../lib/periodic.js';
import type { DemoIo } from './api.js';
import { DEMO_MODEL_ID } from './model.js';
import {
  formatReading,
  readingChange,
  toReading,
  type DriftReply,
  type LiveReading,
  type PerformanceReply,
} from './reading.js';

export interface LiveViewOptions {
  windows: { drift: string; performance: string };
  pollEveryMs: number;
  print: (line: string, reading: LiveReading) => void;
}

export interface LiveView {
  stop(): Promise<void>;
}

/**
 * Polls the read API and, for each new evaluation of the drift window, prints a line when what it
 * shows has changed (readingChange), with the latest of the performance window beside it.
 * Nothing is printed until the first evaluation.
 */
export function startLiveView(
  { api, say, log }: DemoIo,
  { windows, pollEveryMs, print }: LiveViewOptions,
): LiveView {
  const path = (what: string, window: string) => `/v1/models/${DEMO_MODEL_ID}/${what}?window=${window}`;
  let last: string | null = null;
  let shown: string | null = null;

  async function poll(): Promise<void> {
    const drift = await api.read<DriftReply>(path('drift', windows.drift));
    if (drift === null || drift.evaluatedAt === last) return;
    last = drift.evaluatedAt;
    const performance = await api.read<PerformanceReply>(path('performance', windows.performance));
    const reading = toReading(drift, performance);
    const change = readingChange(reading);
    if (change === shown) return;
    shown = change;
    print(formatReading(reading), reading);
  }

  const stop = periodicTask(
    'demo live view',
    pollEveryMs,
    () => poll().catch((err: Error) => say(`demo: reading evaluations failed: ${err.message}`)),
    log,
  ).start();
  return { stop };
}
