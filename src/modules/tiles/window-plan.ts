export const HOUR_MS = 3_600_000;

/** Per hour that has hour tiles: whether its fine tiles are gone (older than the minute horizon). */
export type Rollups = ReadonlyMap<number, { minutesPruned: boolean }>;

export interface WindowPlan {
  /** The window actually read, [fromMs, toMs): see planWindow. */
  fromMs: number;
  toMs: number;
  /** Hours read from hour tiles. */
  hours: number[];
  /** Ranges read from fine (TILE_SECONDS) tiles, [start, end). */
  fine: [number, number][];
}

export function alignUp(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * Which tiles make up [fromMs, toMs): a tile belongs to the window when its start is in it, so
 * both ends move up to the next tile boundary. Hours wholly inside that have been rolled up are
 * read as hour tiles, everything else as fine tiles. An end that falls in an hour whose fine tiles
 * were pruned cannot be honoured: the window grows to that whole hour, and says so in the plan.
 * (Contributions not yet compacted are read for the whole planned range, whatever the resolution.)
 */
export function planWindow(fromMs: number, toMs: number, tileMs: number, rollups: Rollups): WindowPlan {
  let from = alignUp(fromMs, tileMs);
  let to = alignUp(toMs, tileMs);
  if (to <= from) return { fromMs: from, toMs: from, hours: [], fine: [] };
  if (from % HOUR_MS !== 0 && rollups.get(hourOf(from))?.minutesPruned) from = hourOf(from);
  if (to % HOUR_MS !== 0 && rollups.get(hourOf(to))?.minutesPruned) to = hourOf(to) + HOUR_MS;

  const hours: number[] = [];
  const fine: [number, number][] = [];
  for (let hour = hourOf(from); hour < to; hour += HOUR_MS) {
    const start = Math.max(from, hour);
    const end = Math.min(to, hour + HOUR_MS);
    if (start === hour && end === hour + HOUR_MS && rollups.has(hour)) {
      hours.push(hour);
      continue;
    }
    const last = fine[fine.length - 1];
    if (last && last[1] === start) last[1] = end;
    else fine.push([start, end]);
  }
  return { fromMs: from, toMs: to, hours, fine };
}
