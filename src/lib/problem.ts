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
  413: 'The body is larger than this route accepts',
  415: 'The content type or encoding is not accepted',
  429: 'Rate limited; retry after Retry-After seconds',
  503: 'Overloaded or the database is unavailable; retry after Retry-After seconds',
} as const;

type ProblemResponse = {
  description: string;
  content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof problemSchema } };
};

/** One error response described as application/problem+json in the OpenAPI. */
export function problemResponse(description: string): ProblemResponse {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
}

/**
 * Route response entries for error statuses. 429 and 503 are always included: load shedding and
 * the rate limit apply to every route that does work, whatever else it declares.
 */
export function problemResponses<S extends keyof typeof PROBLEM_DESCRIPTIONS>(
  ...statuses: S[]
): Record<S | 429 | 503, ProblemResponse> {
  const all = [...new Set<keyof typeof PROBLEM_DESCRIPTIONS>([...statuses, 429, 503])];
  return Object.fromEntries(
    all.map((status) => [status, problemResponse(PROBLEM_DESCRIPTIONS[status])]),
  ) as never;
}
