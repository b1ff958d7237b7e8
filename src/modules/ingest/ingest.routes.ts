import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
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

export interface IngestRoutesOptions {
  service: Pick<IngestService, 'ingest'>;
  bodyLimit: number;
}

/**
 * The body schema documents the request; the events are validated by the model's compiled
 * validator in the service, one by one, so Fastify only validates the path parameters.
 */
const paramsOnly: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route as never);

/** POST /v1/models/{modelId}/predictions and /outcomes: JSON or NDJSON, optionally gzip. */
export async function ingestRoutes(app: FastifyInstance, { service, bodyLimit }: IngestRoutesOptions) {
  // In this scope only: NDJSON reaches the handler as a stream, and text/plain is not an event format.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

  app.addHook('preParsing', async (request, _reply, payload) => {
    bodyFormat(request.headers['content-type']);
    if (Number(request.headers['content-length']) > bodyLimit) {
      throw new PayloadTooLargeError(`The body exceeds ${bodyLimit} bytes.`);
    }
    return decodeBody(payload, request.headers['content-encoding'], bodyLimit);
  });
  // A request refused before its body was read must not leave the rest of it on a kept-alive socket.
  app.addHook('onError', async (request, reply) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const route = (kind: EventKind) =>
    typed.post(
      `/models/:modelId/${kind}`,
      {
        config: { scope: 'ingest', access: 'model' },
        validatorCompiler: paramsOnly,
        schema: {
          tags: ['ingest'],
          summary:
            kind === 'predictions' ? 'Post a batch of prediction events' : 'Post a batch of outcome events',
          security: [{ bearer: [] }],
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
        const result = await service.ingest({
          modelId: request.params.modelId,
          kind,
          keyId: request.principal?.keyId ?? null,
          input,
        });
        return reply.code(202).send(result);
      },
    );
  route('predictions');
  route('outcomes');
}
