import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../lib/problem.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { principalOf, refuseGuessing, type AuthOptions } from '../../http/plugins/auth.js';
import { clearSessionCookie, sessionSecret, setSessionCookie } from '../../http/plugins/session-cookie.js';
import {
  createLoginTokenBodySchema,
  currentSessionSchema,
  loginTokenSchema,
  sessionListSchema,
  sessionParamsSchema,
  signInBodySchema,
} from './sessions.schemas.js';
import type { SessionService } from './sessions.service.js';

const TAGS = ['sessions'];

export interface SessionRoutesOptions {
  sessions: SessionService;
  /** The auth hook's limit on failed authentications: a bad key or token here counts as one there. */
  guard: Pick<AuthOptions, 'isKnown' | 'failures'>;
  publicUrl: string;
}

export const sessionsRoutes: FastifyPluginAsyncZod<SessionRoutesOptions> = async (
  app,
  { sessions, guard, publicUrl },
) => {
  app.post(
    '/sessions',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary:
          'Sign in to the console with an API key or a one-time login token; sets the mw_session cookie',
        body: signInBodySchema,
        response: { 201: currentSessionSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      refuseGuessing(request, 'apiKey' in request.body ? request.body.apiKey : null, guard);
      const signedIn = await sessions.signIn(request.body, {
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (!signedIn) {
        guard.failures.charge(request.ip);
        throw new UnauthorizedError('The API key or login token is not valid, has expired or was used.');
      }
      setSessionCookie(reply, { secret: signedIn.secret, expiresAt: signedIn.session.expiresAt, publicUrl });
      return reply.code(201).send(signedIn.session);
    },
  );

  app.get(
    '/sessions/current',
    {
      config: { access: 'session' },
      schema: {
        tags: TAGS,
        summary: 'The session of the mw_session cookie, with what its key may do and a CSRF token',
        response: { 200: currentSessionSchema, ...problemResponses(401) },
      },
    },
    async (request) =>
      sessions.current(
        { principal: principalOf(request), session: request.consoleSession! },
        sessionSecret(request)!,
      ),
  );

  app.delete(
    '/sessions/current',
    {
      config: { access: 'session' },
      schema: {
        tags: TAGS,
        summary: 'Sign out: revokes the session of the mw_session cookie and clears the cookie',
        response: { 204: z.null().describe('Signed out'), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await sessions.revoke(request.consoleSession!.id, principalOf(request));
      clearSessionCookie(reply, publicUrl);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sessions',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'List live console sessions (never their secrets)',
        response: { 200: sessionListSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => sessions.list(principalOf(request)),
  );

  app.delete(
    '/sessions/:sessionId',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Revoke a console session; requests with its cookie get 401 from then on',
        params: sessionParamsSchema,
        response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await sessions.revoke(request.params.sessionId, principalOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/login-tokens',
    {
      config: { scope: 'admin', access: 'scoped' },
      schema: {
        tags: TAGS,
        summary: 'Make a one-time login link that signs a person in as an API key',
        body: createLoginTokenBodySchema,
        response: { 201: loginTokenSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const created = await sessions.createLoginToken(request.body, principalOf(request));
      return reply.code(201).send(created);
    },
  );
};
