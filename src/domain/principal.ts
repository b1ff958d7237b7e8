/** What a key may do: admin may do everything a read or ingest key may. */
export const SCOPES = ['admin', 'read', 'ingest'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: resolved from the bearer key on every route that names a scope. */
export interface Principal {
  keyId: string;
  scopes: readonly Scope[];
  /** The models this key may see; null for every model. */
  modelIds: readonly string[] | null;
}

/** An admin key may do everything a read or ingest key may. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope) || principal.scopes.includes('admin');
}
