import type { Logger } from 'pino';

export type UpkeepTask = 'compact' | 'rollup' | 'prune';

/**
 * Runs one model's share of a fleet-wide chore so that its failure stays its own: the error is
 * counted every time and logged when the model starts failing and when it recovers (not on every
 * 2-second retry), and the loop goes on with the next model. Without this, one model whose data
 * cannot be merged stops compaction for every model after it.
 */
export function createModelIsolation({
  log,
  failed,
}: {
  log: Logger;
  /** `modelwatch_tile_upkeep_failures_total{model,task}`. */
  failed: (modelId: string, task: UpkeepTask) => void;
}) {
  const failing = new Set<string>();
  return async function isolated<T>(
    task: UpkeepTask,
    modelId: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> {
    const id = `${task}|${modelId}`;
    try {
      const result = await run();
      if (failing.delete(id)) log.info({ modelId, task }, 'tile upkeep of the model works again');
      return result;
    } catch (err) {
      failed(modelId, task);
      if (failing.has(id)) log.debug({ modelId, task, err }, 'tile upkeep of the model failed again');
      else log.warn({ modelId, task, err }, 'tile upkeep of a model failed; the other models go on');
      failing.add(id);
      return undefined;
    }
  };
}
