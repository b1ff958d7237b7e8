/** How the console writes numbers and times: one place, so every page reads alike. */
const DASH = '—';

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(1);
  return value.toFixed(digits).replace(/\.?0+$/, '') || '0';
}

export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
}

const COUNT = new Intl.NumberFormat('en');

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : COUNT.format(value);
}

// One formatter for every time shown: building one per call costs more than the rest of a table row.
const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

export function time(iso: string | null | undefined): string {
  return iso ? TIME.format(new Date(iso)) : DASH;
}

/** "3 min ago", for what the eye wants at a glance; the exact time goes in a title. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return DASH;
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export const seconds = (iso: string) => Date.parse(iso) / 1000;
