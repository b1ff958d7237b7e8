/**
 * Every chart of the console, drawn by uPlot: time series (with a threshold line), sparklines and
 * overlaid bars for distributions. Callers give values; uPlot does the scales, axes and paths.
 */
import uPlot from 'uplot';
import { Plot } from './uplot.js';

export const COLORS = {
  reference: '#4a6fa5',
  current: '#d9822b',
  threshold: '#b3261e',
  second: '#2e7d32',
  third: '#6a4c93',
};

export interface Line {
  label: string;
  values: (number | null)[];
  color: string;
  /** 'y' (default) or a second scale drawn on the right axis. */
  scale?: string;
  dash?: boolean;
  steps?: boolean;
}

/** Values over time; x in Unix seconds. */
export function TimeChart({
  x,
  lines,
  label,
  height = 220,
}: {
  x: number[];
  lines: Line[];
  label: string;
  height?: number;
}) {
  const scales = [...new Set(lines.map((l) => l.scale ?? 'y'))];
  const options: Omit<uPlot.Options, 'width'> = {
    height,
    scales: { x: { time: true } },
    axes: [{}, ...scales.map((scale, i) => ({ scale, side: i === 0 ? 3 : 1, grid: { show: i === 0 } }))],
    series: [
      {},
      ...lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        scale: line.scale ?? 'y',
        spanGaps: false,
        ...(line.dash ? { dash: [6, 4] } : {}),
        ...(line.steps ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
      })),
    ],
  };
  return <Plot options={options} data={[x, ...lines.map((l) => l.values)]} label={label} />;
}

/** A statistic over time in a table cell, its threshold dashed. */
export function Sparkline({
  x,
  y,
  threshold,
  label,
}: {
  x: number[];
  y: (number | null)[];
  threshold: number;
  label: string;
}) {
  const options: Omit<uPlot.Options, 'width'> = {
    height: 32,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [{ show: false }, { show: false }],
    series: [
      {},
      { stroke: COLORS.current, width: 1.5 },
      { stroke: COLORS.threshold, width: 1, dash: [3, 3] },
    ],
  };
  return <Plot options={options} data={[x, y, x.map(() => threshold)]} label={label} />;
}

/**
 * Two distributions side by side per bin or category: x are bin indices, `names` label them on
 * the axis, values are shares (0–1) so windows of any size compare with the reference.
 */
export function OverlaidBars({
  names,
  reference,
  current,
  label,
}: {
  names: string[];
  reference: number[];
  current: number[];
  label: string;
}) {
  const bars = (align: -1 | 1) => uPlot.paths.bars!({ size: [0.4, 60], align });
  const options: Omit<uPlot.Options, 'width'> = {
    height: 260,
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] } },
    axes: [
      {
        values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (names[s] ?? '') : '')),
        incrs: [1],
        rotate: names.length > 8 ? -40 : 0,
        size: names.length > 8 ? 90 : 40,
      },
      { values: (_u, splits) => splits.map((s) => `${Math.round(s * 100)}%`) },
    ],
    series: [
      { value: (_u, v) => names[v] ?? '' },
      {
        label: 'reference',
        fill: `${COLORS.reference}cc`,
        stroke: COLORS.reference,
        paths: bars(-1),
        points: { show: false },
      },
      {
        label: 'current window',
        fill: `${COLORS.current}cc`,
        stroke: COLORS.current,
        paths: bars(1),
        points: { show: false },
      },
    ],
  };
  return <Plot options={options} data={[names.map((_, i) => i), reference, current]} label={label} />;
}

/**
 * A state over time as a step line, one row per state named on the axis (statuses, worst at the
 * top): `levels[i]` is the state at `x[i]` as an index into `names`.
 */
export function StateChart({
  x,
  levels,
  names,
  label,
}: {
  x: number[];
  levels: number[];
  names: string[];
  label: string;
}) {
  const options: Omit<uPlot.Options, 'width'> = {
    height: 40 + names.length * 26,
    scales: { x: { time: true }, y: { range: [-0.5, names.length - 0.5] } },
    axes: [
      {},
      {
        splits: () => names.map((_, i) => i),
        values: (_u, splits) => splits.map((s) => names[s] ?? ''),
        size: 110,
      },
    ],
    series: [
      {},
      {
        label: 'status',
        stroke: COLORS.current,
        width: 3,
        paths: uPlot.paths.stepped!({ align: 1 }),
        value: (_u, v) => names[v] ?? '',
      },
    ],
  };
  return <Plot options={options} data={[x, levels]} label={label} />;
}
