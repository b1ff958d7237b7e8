import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { pointer: string; message: string; location?: string }[];
}

/** Asserts an RFC 9457 problem+json response with this status, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number): ProblemBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemBody>();
  expect(body.status).toBe(status);
  return body;
}
