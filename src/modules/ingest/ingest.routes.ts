import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { PayloadTooLargeError } from '../../lib/errors.js';
import { bodyFormat, decodeBody, JSON_TYPES, NDJSON_TYPES } from './ingest.decode.js';
import {
  ingestErrorResponses,
  ingestParamsSchema,
  ingestResultSchema,
  outcomeBatchSchema,
  predictionBatchSchema,
} from './ingest.schemas.js';
import type { IngestService } from './ingest.service.js';
import type { EventKind } from './ingest.store.js';
import type { Admission } from './admission.js';
import { admitIngest, countBytes, holdAdmission } from './admission.hooks.js';

/** The declared body length; NaN when there is none (chunked), which compares false with any number. */
const declaredLength = (request: FastifyRequest) => Number(request.headers['content-length'] ?? NaN);

export interface IngestRoutesOptions {
  service: Pick<IngestService, 'ingest'>;
  admission: Admission;
  bodyLimit: number;
}

/**
 * The body schema documents the request; the events are validated by the model's compiled
 * validator in the service, one by one, so Fastify only validates the path parameters.
 */
const paramsOnly: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route as never);

/** POST /v1/models/{modelId}/predictions and /outcomes: JSON or NDJSON, optionally gzip. */
export async function ingestRoutes(
  app: FastifyInstance,
  { service, admission, bodyLimit }: IngestRoutesOptions,
) {
  // In this scope only: NDJSON reaches the handler as a stream, and text/plain is not an event format.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

  // Everything that can refuse a request does so here, before a byte of its body is read.
  app.addHook('preParsing', async (request, reply, payload) => {
    bodyFormat(request.headers['content-type']);
    if (declaredLength(request) > bodyLimit) {
      throw new PayloadTooLargeError(`The body exceeds ${bodyLimit} bytes.`);
    }
    const ticket = admitIngest(admission, request, reply);
    return countBytes(admission, decodeBody(payload, request.headers['content-encoding'], bodyLimit), ticket);
  });
  // The unread rest of a refused body. One refused before it was touched, of a declared length
  // within the limit, Node reads and drops after the reply, so the connection survives and the
  // client, still sending, is not cut off before it reads the reply; any other (of unknown or
  // excessive length, or abandoned half-read) closes the connection instead.
  app.addHook('onError', async (request, reply) => {
    const untouched = request.raw.readableFlowing === null;
    if (!request.raw.complete && !(untouched && declaredLength(request) <= bodyLimit)) {
      void reply.header('connection', 'close');
    }
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const route = (kind: EventKind) =>
    typed.post(
      `/models/:modelId/${kind}`,
      {
        config: { scope: 'ingest', access: 'model', textCheckedPerItem: true },
        validatorCompiler: paramsOnly,
        schema: {
          tags: ['ingest'],
          summary:
            kind === 'predictions' ? 'Post a batch of prediction events' : 'Post a batch of outcome events',
          consumes: [...JSON_TYPES, ...NDJSON_TYPES],
          params: ingestParamsSchema,
          body: kind === 'predictions' ? predictionBatchSchema : outcomeBatchSchema,
          response: { 202: ingestResultSchema, ...ingestErrorResponses },
        },
      },
      async (request, reply) => {
        const body: unknown = request.body;
        const input =
          bodyFormat(request.headers['content-type']) === 'json'
            ? { format: 'json' as const, body }
            : { format: 'ndjson' as const, stream: body as Readable | undefined };
        const release = holdAdmission(request);
        try {
          const result = await service.ingest({
            modelId: request.params.modelId,
            kind,
            keyId: request.principal?.keyId ?? null,
            input,
          });
          return reply.code(202).send(result);
        } finally {
          release();
        }
      },
    );
  route('predictions');
  route('outcomes');
}
