import { z } from 'zod';
import { fieldErrorSchema, problemResponse } from '../../lib/problem.js';
import { modelIdSchema } from '../../domain/model-spec.js';
import { MAX_ERRORS_PER_EVENT, MAX_LISTED_REJECTIONS } from './batch-collector.js';
import {
  MAX_ID_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_SEGMENT_KEY_LENGTH,
  MAX_SEGMENT_VALUE_LENGTH,
  MAX_SEGMENTS,
} from './ingest.fields.js';

export const ingestParamsSchema = z.object({ modelId: modelIdSchema });

const timestampSchema = z
  .union([z.string(), z.number()])
  .describe(
    'ISO 8601 date-time with a time zone, or epoch milliseconds. At most 5 minutes ahead of the server and not older than RETENTION_DAYS.',
  );
const labelSchema = z.union([z.string().max(MAX_LABEL_LENGTH), z.number(), z.boolean()]);

/*
 * These schemas document the events; they are not what validates them. Each event is checked
 * against its model's own schema (feature types, classes), item by item, so that one bad event is
 * rejected in the 202 reply instead of failing the whole request.
 */
export const predictionEventSchema = z
  .object({
    predictionId: z.string().min(1).max(MAX_ID_LENGTH).describe('Unique per model; a repeat is a duplicate'),
    timestamp: timestampSchema,
    modelVersion: z.string().max(MAX_ID_LENGTH).optional(),
    features: z
      .record(z.string(), z.union([labelSchema, z.null()]))
      .describe(
        "The model's declared features: numerical → a finite number, categorical → a string, number or boolean; null (or absent) when the feature is nullable. Undeclared features are dropped and named in ignoredFeatures.",
      ),
    prediction: labelSchema.describe('A class label (classification) or a number (regression)'),
    score: z.number().min(0).max(1).optional().describe('Binary classification: the positive-class score'),
    scores: z
      .record(z.string(), z.number().min(0).max(1))
      .optional()
      .describe('Multiclass: class → probability'),
    segments: z
      .record(z.string().min(1).max(MAX_SEGMENT_KEY_LENGTH), z.string().max(MAX_SEGMENT_VALUE_LENGTH))
      .optional()
      .describe(`Small labels for slicing, at most ${MAX_SEGMENTS}`),
  })
  .meta({ id: 'PredictionEvent' });

export const outcomeEventSchema = z
  .object({
    predictionId: z.string().min(1).max(MAX_ID_LENGTH),
    actual: labelSchema.describe('The true class label, or the true value for regression'),
    timestamp: timestampSchema.optional(),
    value: z
      .number()
      .optional()
      .describe(
        "The business value this outcome realized (revenue, cost saved, loss avoided; negative for a loss): a finite number, summed per window by its prediction's time",
      ),
  })
  .meta({ id: 'OutcomeEvent' });

const batchDescription =
  'A JSON body { "events": [...] } of at most MAX_BATCH_EVENTS events, or application/x-ndjson with one event a line (up to BODY_LIMIT bytes, stored as batches of MAX_BATCH_EVENTS in one transaction). Content-Encoding: gzip is accepted; the limit applies to the decompressed size.';

export const predictionBatchSchema = z
  .object({ events: z.array(predictionEventSchema) })
  .describe(batchDescription);
export const outcomeBatchSchema = z
  .object({ events: z.array(outcomeEventSchema) })
  .describe(batchDescription);

export const ingestResultSchema = z
  .object({
    accepted: z.number().int().describe('Events stored by this request'),
    duplicates: z
      .number()
      .int()
      .describe('Valid events already stored (same predictionId), or repeated within the request'),
    rejectedCount: z.number().int().describe('Invalid events, none of them stored; all are counted here'),
    rejected: z
      .array(
        z.object({
          index: z.number().int().describe('Position in events[], or the 0-based line of an NDJSON body'),
          errors: z
            .array(fieldErrorSchema.omit({ location: true }))
            .describe(`The event's first ${MAX_ERRORS_PER_EVENT} invalid fields`),
        }),
      )
      .describe(
        `The first ${MAX_LISTED_REJECTIONS} invalid events by index (rejectedCount counts them all); pointers read /events/<index>/… for both formats`,
      ),
    ignoredFeatures: z.array(z.string()).describe('Undeclared feature names that were dropped (at most 100)'),
    batchIds: z.array(z.number().int()).describe('The ingest batches this request committed'),
  })
  .meta({ id: 'IngestResult' });

export const ingestErrorResponses = {
  400: problemResponse('The body cannot be read (not JSON, a bad NDJSON line, a corrupt gzip stream)'),
  401: problemResponse('No API key, or one that is unknown or revoked'),
  403: problemResponse('The API key lacks the ingest scope'),
  404: problemResponse('No such model, or archived, or not visible to this API key'),
  413: problemResponse(
    'More than BODY_LIMIT bytes (after decompression), or more than MAX_BATCH_EVENTS JSON events',
  ),
  415: problemResponse('Not application/json or application/x-ndjson, or an encoding other than gzip'),
  429: problemResponse('Rate limited; retry after Retry-After seconds'),
  503: problemResponse(
    'Overloaded or the database is unavailable; nothing was stored; retry after Retry-After seconds',
  ),
};
