import { Readable } from 'node:stream';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../lib/errors.js';
import { problemResponses } from '../../lib/problem.js';
import { principalOf } from '../../http/plugins/auth.js';
import { decodeBody } from '../ingest/index.js';
import { modelParamsSchema } from '../models/index.js';
import { csvRows, jsonRows, ndjsonRows } from './reference-input.js';
import { referenceBodySchema, referenceQuerySchema, referenceSchema } from './references.schemas.js';
import type { ReferencesService } from './references.service.js';

export interface ReferencesRoutesOptions {
  references: ReferencesService;
  /** Bytes a reference upload may have, after decompression. */
  bodyLimit: number;
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];
const CSV_TYPES = ['text/csv'];
type Format = 'json' | 'ndjson' | 'csv';

function formatOf(contentType: string | undefined): Format {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence === 'application/json') return 'json';
  if (NDJSON_TYPES.includes(essence)) return 'ndjson';
  if (CSV_TYPES.includes(essence)) return 'csv';
  throw new UnsupportedMediaTypeError(
    `Send the reference as application/json, application/x-ndjson or text/csv, not "${essence || '(none)'}".`,
  );
}

/** NDJSON and CSV bodies reach the handler as streams; only a JSON body is checked against the schema. */
const jsonBodyOnly: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route as never);
  if (route.httpPart !== 'body') return validate;
  return (data: unknown) => (data instanceof Readable ? { value: data } : validate(data));
};

export async function referencesRoutes(
  app: FastifyInstance,
  { references, bodyLimit }: ReferencesRoutesOptions,
) {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...NDJSON_TYPES, ...CSV_TYPES], (_request, payload, done) => done(null, payload));
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.method !== 'PUT') return payload;
    formatOf(request.headers['content-type']);
    if (Number(request.headers['content-length']) > bodyLimit) {
      throw new PayloadTooLargeError(`The body exceeds ${bodyLimit} bytes (REFERENCE_BODY_LIMIT).`);
    }
    return decodeBody(payload, request.headers['content-encoding'], bodyLimit);
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.put(
    '/models/:modelId/reference',
    {
      config: { scope: 'admin', access: 'model' },
      bodyLimit,
      validatorCompiler: jsonBodyOnly,
      schema: {
        tags: ['references'],
        summary: "Set a new reference version: uploaded rows, or a past range of the model's own traffic",
        description:
          'Stores the reference summaries, the per-feature default methods and decile edges (chosen once, from this reference), the value ranges, and the CBPE calibration when rows have scores and actuals. Each call adds a version; evaluations use the newest and record its id.',
        consumes: ['application/json', ...NDJSON_TYPES, ...CSV_TYPES],
        params: modelParamsSchema,
        querystring: referenceQuerySchema,
        body: referenceBodySchema,
        response: { 201: referenceSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { modelId } = request.params;
      const modelVersion = request.query.modelVersion ?? null;
      const actor = principalOf(request).keyId;
      const format = formatOf(request.headers['content-type']);
      const body = request.body as unknown;
      let created;
      if (format === 'ndjson') {
        created = await references.putRows(
          modelId,
          (spec) => ndjsonRows(spec, body as Readable, bodyLimit),
          actor,
          modelVersion,
        );
      } else if (format === 'csv') {
        created = await references.putRows(
          modelId,
          (spec) => csvRows(spec, body as Readable, bodyLimit),
          actor,
          modelVersion,
        );
      } else if ('rows' in request.body) {
        const { rows } = request.body;
        created = await references.putRows(modelId, (spec) => jsonRows(spec, rows), actor, modelVersion);
      } else {
        const { from, to } = request.body;
        created = await references.putTraffic(modelId, new Date(from), new Date(to), actor, modelVersion);
      }
      return reply.code(201).send(created);
    },
  );

  typed.get(
    '/models/:modelId/reference',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: ['references'],
        summary:
          'Describe the current reference: version, rows, per-feature method and edges, CBPE calibration',
        params: modelParamsSchema,
        querystring: referenceQuerySchema,
        response: { 200: referenceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => references.describe(request.params.modelId, request.query.modelVersion),
  );
}
