import type { Alert } from '../api/types.js';

const SYMBOL = { firing: '▲', pending: '◐', resolved: '●', inactive: '○' } as const;

/** An alert's state as text and symbol; silenced ones say so. */
export function AlertState({ alert }: { alert: Alert }) {
  return (
    <span class={`badge alert-${alert.state}`}>
      <span aria-hidden="true">{SYMBOL[alert.state]} </span>
      {alert.state}
      {alert.silencedBy.length > 0 ? ' · silenced' : ''}
    </span>
  );
}
