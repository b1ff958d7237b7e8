/** Plain-text tables for a terminal: padded columns, numbers right-aligned, no colour codes. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function textTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

/** A statistic: 4 significant digits, scientific notation when very small or large. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e6) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** A share as a percentage with one decimal. */
export function formatShare(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
}
