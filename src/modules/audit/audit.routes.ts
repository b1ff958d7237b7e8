import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { decodeCursor, page } from '../../domain/paging.js';
import type { Pool } from '../../lib/db.js';
import { problemResponses } from '../../lib/problem.js';
import { auditPageSchema, auditQuerySchema } from './audit.schemas.js';
import type { AuditStore } from './audit.store.js';

export const auditRoutes: FastifyPluginAsyncZod<{ pool: Pool; audit: AuditStore }> = async (
  app,
  { pool, audit },
) => {
  app.get(
    '/audit',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: ['audit'],
        summary:
          'The whole audit log, newest first: models, references, keys, rules, channels, silences, acknowledgements',
        description:
          'Every entry is chained to the one before it by its SHA-256 (`modelwatch audit verify`). A key limited to some ' +
          "models sees only those models' entries.",
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, subject, model } = request.query;
      const rows = await audit.list(pool, {
        subject: subject ?? null,
        modelId: model ?? null,
        visibleIds: principalOf(request).modelIds,
        beforeId: cursor === undefined ? null : Number(decodeCursor(cursor, 'number')),
        limit: limit + 1,
      });
      return page(rows, limit, (e) => e.id);
    },
  );
};
