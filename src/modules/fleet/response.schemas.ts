import { z } from 'zod';
import { apiDateTime } from '../../lib/api-time.js';

/** Detection and response KPIs over a period (docs/kpis.md): one incident is one firing episode. */
export const incidentSchema = z
  .object({
    modelId: z.string(),
    alertId: z.string(),
    episode: z.int(),
    startedAt: z.iso
      .datetime()
      .describe('the drift onset where estimated, else the first breaching evaluation'),
    detectedFrom: z.enum(['onset', 'first_breach']),
    firedAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable().describe('the first acknowledgement of the episode'),
    resolvedAt: z.iso.datetime().nullable(),
    timeToDetectSeconds: z.number().nonnegative().describe('firedAt − startedAt'),
    timeToAcknowledgeSeconds: z.number().nullable().describe('acknowledgedAt − firedAt'),
    timeToResolveSeconds: z.number().nullable().describe('resolvedAt − firedAt'),
  })
  .meta({ id: 'Incident' });
export type Incident = z.infer<typeof incidentSchema>;

export const responseKpisSchema = z
  .object({
    incidents: z.int().nonnegative().describe('episodes that fired in the period'),
    acknowledged: z.int().nonnegative(),
    resolved: z.int().nonnegative(),
    mttdSeconds: z.number().nullable().describe('mean time to detect; null without incidents'),
    mttaSeconds: z.number().nullable().describe('mean time to acknowledge, over acknowledged incidents'),
    mttrSeconds: z.number().nullable().describe('mean time to resolve, over resolved incidents'),
  })
  .meta({ id: 'ResponseKpis' });
export type ResponseKpis = z.infer<typeof responseKpisSchema>;

export const MAX_LISTED_INCIDENTS = 500;

export const responseQuerySchema = z
  .object({
    from: apiDateTime()
      .optional()
      .describe(
        'start of the period (incidents fired at or after it); default: 30 days before `to`; at most 366 days before it',
      ),
    to: apiDateTime().optional().describe('end of the period (exclusive); default: now'),
    model: z.string().min(1).max(200).optional().describe('one model only'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });

export const responseSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    fleet: responseKpisSchema,
    models: z
      .array(responseKpisSchema.extend({ modelId: z.string() }))
      .describe('models with incidents, by id'),
    incidents: z
      .array(incidentSchema)
      .describe(`the period's incidents, newest first, at most ${MAX_LISTED_INCIDENTS} (the KPIs count all)`),
  })
  .meta({ id: 'ResponseReport' });
export type ResponseReport = z.infer<typeof responseSchema>;
