/**
 * The last step of the OpenAPI document: every schema once.
 *
 * fastify-type-provider-zod publishes each registered zod schema twice, as read (`XInput`) and as
 * written (`X`), because a default or a transform can make the two differ. Where they do not
 * differ, the `XInput` twin is dropped and its references point at `X`; then every schema no
 * operation reaches is dropped, and an `XInput` left without an `X` (a schema only ever read, such
 * as an event) is named `X`. A generated client thus gets one type per concept. Schemas are listed
 * by name.
 */
export interface OpenApiDocument {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

const REF = '#/components/schemas/';
const INPUT = 'Input';

export function finishDocument(document: OpenApiDocument): OpenApiDocument {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const merged = mergeableTwins(schemas);
  const rename = (name: string) => (merged.has(name) ? name.slice(0, -INPUT.length) : name);
  const renamed = mapRefs(document, rename) as OpenApiDocument;
  const renamedSchemas = renamed.components!.schemas!;
  for (const name of merged) delete renamedSchemas[name];
  const used = reachable(renamed.paths ?? {}, renamedSchemas);
  const kept = Object.keys(renamedSchemas).filter((name) => used.has(name));
  const alone = new Set(
    kept.filter((name) => name.endsWith(INPUT) && !kept.includes(name.slice(0, -INPUT.length))),
  );
  const plain = (name: string) => (alone.has(name) ? name.slice(0, -INPUT.length) : name);
  const named = mapRefs(renamed, plain) as OpenApiDocument;
  // By name: the registry lists schemas in the order their modules were loaded, which an import
  // moved from one file to another would change, and with it the committed document.
  named.components!.schemas = Object.fromEntries(
    kept
      .map((name) => [plain(name), named.components!.schemas![name]] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return named;
}

/** `XInput` names whose schema equals X's once the twins themselves are merged (a fixed point). */
function mergeableTwins(schemas: Record<string, unknown>): Set<string> {
  const candidates = new Set(
    Object.keys(schemas).filter(
      (name) => name.endsWith(INPUT) && Object.hasOwn(schemas, name.slice(0, -INPUT.length)),
    ),
  );
  for (let changed = true; changed;) {
    changed = false;
    const rename = (name: string) => (candidates.has(name) ? name.slice(0, -INPUT.length) : name);
    for (const name of candidates) {
      const input = JSON.stringify(mapRefs(schemas[name], rename));
      const output = JSON.stringify(mapRefs(schemas[name.slice(0, -INPUT.length)], rename));
      if (input !== output) {
        candidates.delete(name);
        changed = true;
      }
    }
  }
  return candidates;
}

/** A deep copy of `value` with each `$ref` to a component schema renamed. */
function mapRefs(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === '$ref' && typeof item === 'string' && item.startsWith(REF)
        ? [key, REF + rename(item.slice(REF.length))]
        : [key, mapRefs(item, rename)],
    ),
  );
}

/** Component schema names referenced from `root`, directly or through other schemas. */
function reachable(root: unknown, schemas: Record<string, unknown>): Set<string> {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(REF)) {
        const name = item.slice(REF.length);
        if (!seen.has(name)) {
          seen.add(name);
          visit(schemas[name]);
        }
      } else visit(item);
    }
  };
  visit(root);
  return seen;
}
