import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../domain/principal.js';

/**
 * What a principal may see and do: the one authorization rule every route applies.
 *
 * Everything a route reads or writes concerns some models, or the whole fleet: a model its own
 * routes; an alert, its delivery log and its acknowledgements their alert's model; a rule the
 * models its selector names (`match: models`), while `match: all` or `tags` (the default rules
 * among them) concerns the fleet; a silence the models it pins with `model="…"` (see
 * `pinnedModels` in silences.match.ts), else the fleet; a channel always the fleet; a key the
 * models it is limited to, or the fleet when it is not.
 *
 * A key not limited to models reaches everything its scopes allow. A key limited to models reaches
 * only what concerns some of its models and nothing else: lists leave the rest out, a single
 * object it may not reach answers 404 exactly as a missing one does, and a write that would concern
 * another model or the fleet is refused with 403 whatever that model is (existing or not). So a
 * limited key cannot change another team's alerting, and cannot learn that another model exists.
 */

/** The models something concerns; null: the whole fleet. */
export type Concerns = readonly string[] | null;

/**
 * How a route applies the rule, declared in its config (`config: { scope, access }`) so that
 * the auth hook enforces it and tests/integration/http/scope-matrix.test.ts checks every route against it.
 */
export const ACCESS = {
  /** No key: health, readiness, metrics, the API documentation. */
  public: 'anyone on the network',
  /** The path names a model (`:modelId`): a limited key reaches its own models, others are 404. */
  model: 'the model in the path',
  /** The service applies the rule to each object: lists filtered, other objects 404, writes 403. */
  scoped: 'each object by the models it concerns',
  /** Fleet-wide configuration (channels): a key limited to models gets 403. */
  fleet: 'an API key not limited to models',
  /** The caller's own console session, by its cookie alone, whatever its key's scopes (no scope named). */
  session: "the caller's own console session",
} as const;
export type Access = keyof typeof ACCESS;

export function isLimited(principal: Principal): boolean {
  return principal.modelIds !== null;
}

export function mayAccess(principal: Pick<Principal, 'modelIds'>, concerns: Concerns): boolean {
  const held = principal.modelIds;
  if (held === null) return true;
  return concerns !== null && concerns.length > 0 && concerns.every((m) => held.includes(m));
}

export function canSeeModel(principal: Principal, modelId: string): boolean {
  return mayAccess(principal, [modelId]);
}

/** A key limited to some models gets 404 for the others, so it cannot learn that they exist. */
export function assertModelAccess(principal: Principal | null, modelId: string): void {
  if (principal && !canSeeModel(principal, modelId)) throw new NotFoundError(`Model "${modelId}" not found.`);
}

/**
 * Refuses a write whose result would concern models beyond the key's, or the fleet. The detail
 * names only the key's own models, so the answer is the same whether the others exist or not.
 */
export function assertMayWrite(principal: Principal, concerns: Concerns, requirement: string): void {
  if (mayAccess(principal, concerns)) return;
  throw new ForbiddenError(
    `This API key is limited to models ${principal.modelIds!.join(', ')}; ${requirement}.`,
  );
}

/** For a route that declares `access: 'fleet'`. */
export function assertUnlimited(principal: Principal, what: string): void {
  if (!isLimited(principal)) return;
  throw new ForbiddenError(
    `${what} concerns every model: it needs an API key that is not limited to models.`,
  );
}
