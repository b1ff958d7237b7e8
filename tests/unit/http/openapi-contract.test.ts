// Issue 9, "the API contract": the published document names every operation (the clients' method
// names), says what each success answer holds, states security on every operation (none on public
// ones), has servers, and holds every schema once. The committed openapi.yaml is checked, which
// .ci/run keeps equal to the generated one (npm run openapi -- --check).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { finishDocument } from '../../../src/http/plugins/openapi-document.js';

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { description?: string }>;
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const document = parse(await readFile(new URL('../../../openapi.yaml', import.meta.url), 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);
const PUBLIC = ['GET /healthz', 'GET /readyz', 'POST /v1/sessions'];
/** The caller's own console session: its cookie only (docs/console.md). */
const OWN_SESSION = ['GET /v1/sessions/current', 'DELETE /v1/sessions/current'];
const securityOf = (key: string) =>
  PUBLIC.includes(key)
    ? []
    : OWN_SESSION.includes(key)
      ? [{ session: [] }]
      : [{ bearer: [] }, { session: [] }];

describe('openapi.yaml', () => {
  it('has servers and a unique operationId per operation', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    const ids = operations.map(({ key, op }) => op.operationId ?? `missing on ${key}`);
    expect(ids.filter((id) => id.startsWith('missing'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.length).toBeGreaterThanOrEqual(36);
  });

  it('describes every response, and states security on every operation', () => {
    for (const { key, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, `${key} ${status}`).toBeTruthy();
        expect(response.description, `${key} ${status}`).not.toBe('Default Response');
      }
      expect(op.security, key).toEqual(securityOf(key));
    }
  });

  it('holds each schema once, and only schemas an operation uses', () => {
    const text = JSON.stringify(document.paths);
    const schemas = document.components.schemas;
    const used = new Set<string>();
    const visit = (json: string) => {
      for (const [, name] of json.matchAll(/#\/components\/schemas\/([\w.-]+)/g)) {
        if (!used.has(name!)) {
          used.add(name!);
          visit(JSON.stringify(schemas[name!]));
        }
      }
    };
    visit(text);
    expect(Object.keys(schemas).filter((name) => !used.has(name))).toEqual([]);
    // An XInput exists only beside an X that differs from it (defaults make a field optional).
    for (const name of Object.keys(schemas)) {
      if (!name.endsWith('Input')) continue;
      const twin = schemas[name.slice(0, -'Input'.length)];
      expect(twin, `${name} without its twin`).toBeDefined();
      expect(JSON.stringify(schemas[name]), name).not.toBe(JSON.stringify(twin));
    }
  });
});

describe('finishDocument', () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  it('merges an XInput twin equal to X (through nested twins), keeps one that differs, names a lone one X, drops unused', () => {
    const finished = finishDocument({
      paths: {
        '/a': {
          post: {
            body: ref('OuterInput'),
            response: ref('Outer'),
            other: ref('DiffInput'),
            out: ref('Diff'),
            event: ref('EventInput'),
          },
        },
      },
      components: {
        schemas: {
          Outer: { type: 'object', properties: { inner: ref('Inner') } },
          OuterInput: { type: 'object', properties: { inner: ref('InnerInput') } },
          Inner: { type: 'string' },
          InnerInput: { type: 'string' },
          Diff: { type: 'object', required: ['a'] },
          DiffInput: { type: 'object' },
          EventInput: { type: 'object', properties: { inner: ref('InnerInput') } },
          Unused: { type: 'number' },
        },
      },
    });
    expect(finished.paths).toEqual({
      '/a': {
        post: {
          body: ref('Outer'),
          response: ref('Outer'),
          other: ref('DiffInput'),
          out: ref('Diff'),
          event: ref('Event'),
        },
      },
    });
    expect(Object.keys(finished.components!.schemas!).sort()).toEqual([
      'Diff',
      'DiffInput',
      'Event',
      'Inner',
      'Outer',
    ]);
    expect(finished.components!.schemas!.Event).toEqual({
      type: 'object',
      properties: { inner: ref('Inner') },
    });
  });

  it('lists the schemas by name, whatever order the modules registered them in', () => {
    const finished = finishDocument({
      paths: { '/a': { get: { b: ref('B'), a: ref('A'), c: ref('C') } } },
      components: { schemas: { C: { type: 'string' }, A: { type: 'string' }, B: { type: 'string' } } },
    });
    expect(Object.keys(finished.components!.schemas!)).toEqual(['A', 'B', 'C']);
  });
});
