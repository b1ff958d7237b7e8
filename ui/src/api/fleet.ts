import { get } from './http.js';
import type { Fleet } from './types.js';

/** The fleet with every model the session may see: its pages (500 models each) joined. */
export async function fleetPages(): Promise<Fleet> {
  const first = await get<Fleet>('/v1/fleet', { limit: 500 });
  let cursor = first.nextCursor;
  while (cursor) {
    const page = await get<Fleet>('/v1/fleet', { limit: 500, cursor });
    first.models.push(...page.models);
    cursor = page.nextCursor;
  }
  return first;
}
