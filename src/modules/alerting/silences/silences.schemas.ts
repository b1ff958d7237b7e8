import { z } from 'zod';
import { apiDateTime } from '../../../lib/api-time.js';
import { LABEL_NAME_PATTERN, pageQueryShape } from '../alerting.schemas.js';

const isRegex = (value: string) => {
  try {
    new RegExp(`^(?:${value})$`, 'u');
    return true;
  } catch {
    return false;
  }
};

export const matcherSchema = z
  .object({
    name: z.string().regex(LABEL_NAME_PATTERN, 'must be a label name'),
    op: z.enum(['=', '!=', '=~', '!~']).default('='),
    // Short, so that an operator's pattern cannot take the worker's time (regexes run per alert).
    value: z.string().max(200),
  })
  .refine((m) => !(m.op === '=~' || m.op === '!~') || isRegex(m.value), {
    message: 'is not a valid regular expression',
    path: ['value'],
  });
export type Matcher = z.infer<typeof matcherSchema>;

/** The body of `POST /v1/silences`. */
export const createSilenceSchema = z
  .object({
    matchers: z.array(matcherSchema).min(1).max(20),
    startsAt: apiDateTime().optional().describe('default: now'),
    endsAt: apiDateTime(),
    comment: z.string().min(1).max(2000),
  })
  .refine((s) => s.startsAt === undefined || Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  });
export type CreateSilence = z.infer<typeof createSilenceSchema>;

export const silenceSchema = z
  .object({
    id: z.string(),
    matchers: z.array(matcherSchema),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    createdBy: z.string(),
    comment: z.string(),
    createdAt: z.iso.datetime(),
    state: z.enum(['pending', 'active', 'expired']),
  })
  .meta({ id: 'Silence' });
export type Silence = z.infer<typeof silenceSchema>;

export const silenceParamsSchema = z.object({ silenceId: z.uuid() });

export const listSilencesQuerySchema = z.object({
  state: z.enum(['pending', 'active', 'expired']).optional(),
  ...pageQueryShape,
});

export const silencePageSchema = z.object({
  items: z.array(silenceSchema),
  nextCursor: z.string().nullable(),
});
