import type { Config } from '../../config.js';
import { windowSeconds } from '../../lib/windows.js';

/** The windows the live view reads: drift reacts fastest on the shortest; labels need the longer. */
export const DEMO_WINDOWS = { drift: '1m', performance: '5m' } as const;

const windows = [DEMO_WINDOWS.drift, DEMO_WINDOWS.performance].map((name) => ({
  name,
  seconds: windowSeconds(name)!,
}));

/**
 * The service as the demo runs it: short tiles and windows evaluated every few seconds, so that
 * drift shows within a minute or two of starting instead of the production pace (5m/1h/24h every
 * minute); the model status follows the 5-minute window, the shortest with enough outcomes to
 * judge performance. The demo's webhook receiver listens on loopback, which the outbound guard
 * refuses unless allowed, and so, usually, does the Alertmanager of ALERTMANAGER_URL.
 */
export function demoConfig(base: Config, adminKey: string): Config {
  // An Alertmanager for the demo is usually local too (http://127.0.0.1:9093).
  const alertmanagerHost = base.ALERTMANAGER_URL ? [new URL(base.ALERTMANAGER_URL).hostname] : [];
  return {
    ...base,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: base.LOG_LEVEL === 'info' ? 'warn' : base.LOG_LEVEL,
    TILE_SECONDS: 10,
    EVALUATION_WINDOWS: windows,
    STATUS_WINDOW: DEMO_WINDOWS.performance,
    EVALUATION_INTERVAL_SECONDS: 10,
    EVALUATION_DEBOUNCE_MS: 5_000,
    MODEL_METRICS_REFRESH_SECONDS: 5,
    OBJECTIVE_INTERVAL_SECONDS: 10,
    ALLOWED_WEBHOOK_HOSTS: [...new Set([...base.ALLOWED_WEBHOOK_HOSTS, '127.0.0.1', ...alertmanagerHost])],
  };
}
