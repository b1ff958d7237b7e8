import { get } from '../api/http.js';
import type { EvaluationPoint, Fleet, Page } from '../api/types.js';

/** A window of the model, or a custom range; every read of the model page takes one. */
export interface WindowChoice {
  window?: string;
  from?: string;
  to?: string;
}

let windows: Promise<string[]> | null = null;

/** The windows the service evaluates (EVALUATION_WINDOWS), shortest first: read once per page load. */
export function configuredWindows(): Promise<string[]> {
  windows ??= get<Fleet>('/v1/fleet', { limit: 1 }).then(
    (fleet) => fleet.windows,
    (err: unknown) => {
      windows = null; // asked again next time
      throw err;
    },
  );
  return windows;
}

export interface WindowLatest {
  window: string;
  latest: EvaluationPoint | null;
}

export async function latestPerWindow(modelId: string): Promise<WindowLatest[]> {
  const path = `/v1/models/${encodeURIComponent(modelId)}/evaluations`;
  return Promise.all(
    (await configuredWindows()).map(async (window) => {
      const page = await get<Page<EvaluationPoint>>(path, { window, limit: 1 });
      return { window, latest: page.items[0] ?? null };
    }),
  );
}

export function choiceFromSearch(search: string): WindowChoice {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) return { from, to };
  const window = params.get('window');
  return window ? { window } : {};
}

export function choiceToSearch(choice: WindowChoice): string {
  const params = new URLSearchParams(choice as Record<string, string>);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const choiceKey = (choice: WindowChoice) => JSON.stringify(choice);
