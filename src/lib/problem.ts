import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://modelwatch.dev/problems/';

export const fieldErrorSchema = z.object({
  pointer: z.string().describe('JSON pointer (RFC 6901) to the invalid value'),
  message: z.string(),
  location: z.enum(['body', 'querystring', 'params', 'headers']).optional(),
});

/** RFC 9457 problem details, with `errors[]` for invalid fields and the request id for log search. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;
