import type { Status } from '../api/types.js';

const SYMBOL: Record<Status, string> = {
  healthy: '●',
  drifting: '▲',
  degraded: '■',
  silent: '○',
  insufficient_data: '◌',
  unknown: '?',
};

/** A status as text, a symbol and a colour: colour is never the only carrier (WCAG 1.4.1). */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge status-${status}`}>
      <span aria-hidden="true">{SYMBOL[status]} </span>
      {status.replace('_', ' ')}
    </span>
  );
}

/** A verdict of one test: drifted, ok, or not judged. */
export function Verdict({ drifted, status }: { drifted: boolean | null; status?: string }) {
  if (status === 'insufficient_data' || drifted === null)
    return <span class="badge status-insufficient_data">not judged</span>;
  return drifted ? (
    <span class="badge status-drifting">
      <span aria-hidden="true">▲ </span>drifted
    </span>
  ) : (
    <span class="badge status-healthy">
      <span aria-hidden="true">● </span>ok
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error }: { error: Error }) {
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}
