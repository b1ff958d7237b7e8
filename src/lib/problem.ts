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

const PROBLEM_DESCRIPTIONS = {
  400: 'The request is invalid; `errors[]` points at each invalid field',
  401: 'No API key, or one that is unknown or revoked',
  403: 'The API key lacks the scope this route requires',
  404: 'Not found, or not visible to this API key',
  409: 'Conflicts with the current state',
} as const;

/** Route response entries for error statuses, described as application/problem+json in the OpenAPI. */
export function problemResponses<S extends keyof typeof PROBLEM_DESCRIPTIONS>(
  ...statuses: S[]
): Record<S, { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof problemSchema } } }> {
  const entries = statuses.map((status) => [
    status,
    {
      description: PROBLEM_DESCRIPTIONS[status],
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    },
  ]);
  return Object.fromEntries(entries) as never;
}
