/**
 * A value loaded at most every `refreshMs` and served from memory: concurrent readers share one
 * load, and a failed load keeps the last good value (reported through `onError`).
 */
export function cachedLoader<T>(
  load: () => Promise<T>,
  initial: T,
  options: { refreshMs: number; onError: (err: unknown) => void; now?: () => number },
): { current(): Promise<T>; refresh(): Promise<T> } {
  const now = options.now ?? Date.now;
  let value = initial;
  let loadedAt = -Infinity;
  let loading: Promise<T> | null = null;

  const refresh = (): Promise<T> =>
    (loading ??= load()
      .then((loaded) => {
        value = loaded;
        loadedAt = now();
        return value;
      })
      .catch((err: unknown) => {
        options.onError(err);
        return value;
      })
      .finally(() => {
        loading = null;
      }));

  return {
    refresh,
    current: () => (now() - loadedAt < options.refreshMs ? Promise.resolve(value) : refresh()),
  };
}
