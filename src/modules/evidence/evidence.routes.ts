import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { problemResponses } from '../../lib/problem.js';
import { modelParamsSchema } from '../models/index.js';
import { renderEvidenceHtml } from './evidence.html.js';
import { evidenceQuerySchema, evidenceSchema } from './evidence.schemas.js';
import type { EvidenceService } from './evidence.service.js';

/** HTML when asked by `format=html`, or by an Accept header that names text/html first (a browser). */
function wantsHtml(format: 'json' | 'html' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'html';
  return (accept ?? '').split(',')[0]!.trim().toLowerCase().startsWith('text/html');
}

export const evidenceRoutes: FastifyPluginAsyncZod<{ evidence: EvidenceService }> = async (
  app,
  { evidence },
) => {
  app.get(
    '/models/:modelId/evidence',
    {
      config: { scope: 'read', access: 'model' },
      schema: {
        tags: ['models'],
        summary:
          "A model's evidence for a review period: inventory, references, rules, evaluations, alerts, audit, KPIs",
        description:
          'One self-contained record (docs/inventory.md#evidence-export), with a SHA-256 digest of its canonical JSON. ' +
          '`format=html` (or `Accept: text/html`) returns it as a page to read or print. The period defaults to the 30 ' +
          'days before `to` and may be at most 366 days (a 400 pointing at `from` otherwise). Rules over the whole fleet ' +
          'are counted, not shown, to a key limited to models.',
        params: modelParamsSchema,
        querystring: evidenceQuerySchema,
        response: { 200: evidenceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { modelId } = request.params;
      const record = await evidence.export(modelId, request.query, principalOf(request).modelIds);
      if (!wantsHtml(request.query.format, request.headers.accept)) return record;
      // The page is text, not the JSON the response schema describes: sent past the typed reply,
      // and not serialized (Fastify serializes JSON content types only).
      const raw: FastifyReply = reply;
      return raw.type('text/html; charset=utf-8').send(renderEvidenceHtml(record));
    },
  );
};
