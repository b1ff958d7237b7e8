import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/api.js';

/**
 * The typed API client (openapi-fetch over the generated `paths`): every route of openapi.yaml,
 * its parameters, bodies and answers checked by the compiler. `api.GET('/v1/models/{modelId}/drift',
 * { params: { path: { modelId }, query: { window: '1h' } } })` returns `{ data, error, response }`.
 */
export type ModelwatchApi = Client<paths>;

export function createApi(url: string, apiKey: string, fetchImpl?: typeof fetch): ModelwatchApi {
  return createClient<paths>({
    baseUrl: url.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${apiKey}` },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/** What the service answered when a read failed: its status and problem document. */
export class ModelwatchError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    const detail = (problem as { detail?: string; title?: string } | undefined) ?? {};
    super(`HTTP ${status}: ${detail.detail ?? detail.title ?? 'request failed'}`);
  }
}

/** `data` of a successful answer; a ModelwatchError otherwise. */
export function orThrow<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || result.error !== undefined) {
    throw new ModelwatchError(result.response.status, result.error);
  }
  return result.data;
}

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never;

/** The reads a model team makes most, for one model, as plain async functions. */
export function modelReads(api: ModelwatchApi, modelId: string) {
  const path = { modelId };
  return {
    drift: async (query: Query<'/v1/models/{modelId}/drift'> = {}) =>
      orThrow(await api.GET('/v1/models/{modelId}/drift', { params: { path, query } })),
    performance: async (query: Query<'/v1/models/{modelId}/performance'> = {}) =>
      orThrow(await api.GET('/v1/models/{modelId}/performance', { params: { path, query } })),
    quality: async (query: Query<'/v1/models/{modelId}/quality'> = {}) =>
      orThrow(await api.GET('/v1/models/{modelId}/quality', { params: { path, query } })),
  };
}
