import { get } from '../api/http.js';
import type { EvaluationPoint, Page } from '../api/types.js';

/** A window of the model, or a custom range; every read of the model page takes one. */
export interface WindowChoice {
  window?: string;
  from?: string;
  to?: string;
}

/** The API has no list of configured windows: these are asked for, and those it knows answer. */
const CANDIDATES = ['1m', '5m', '15m', '30m', '1h', '6h', '12h', '24h', '7d'];

export interface WindowLatest {
  window: string;
  latest: EvaluationPoint | null;
}

export async function latestPerWindow(modelId: string): Promise<WindowLatest[]> {
  const path = `/v1/models/${encodeURIComponent(modelId)}/evaluations`;
  const answers = await Promise.allSettled(
    CANDIDATES.map((window) => get<Page<EvaluationPoint>>(path, { window, limit: 1 })),
  );
  return answers.flatMap((answer, i) =>
    answer.status === 'fulfilled' ? [{ window: CANDIDATES[i]!, latest: answer.value.items[0] ?? null }] : [],
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
