import { z } from 'zod';
import { SCOPES } from '../../domain/principal.js';
import { keyIdSchema } from '../keys/index.js';

const secretSchema = z.string().min(1).max(500);

export const signInBodySchema = z
  .union([
    z.strictObject({ apiKey: secretSchema.describe('an API key, mw_…') }),
    z.strictObject({ loginToken: secretSchema.describe('the one-time token of a login link') }),
  ])
  .meta({ id: 'SignIn' });

/** A session as admins list it: never its secret. */
export const sessionInfoSchema = z
  .object({
    id: z.string(),
    keyId: keyIdSchema.describe('the API key the session acts as'),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().describe('fixed at sign-in (SESSION_TTL_HOURS)'),
    lastSeenAt: z.iso.datetime().nullable().describe('updated at most once a minute'),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'Session' });

export const currentSessionSchema = z
  .object({
    id: z.string(),
    keyId: keyIdSchema,
    scopes: z.array(z.enum(SCOPES)).describe("the key's scopes, as they are now"),
    models: z.array(z.string()).nullable().describe('null: every model'),
    expiresAt: z.iso.datetime(),
    csrfToken: z
      .string()
      .describe('send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie'),
  })
  .meta({ id: 'CurrentSession' });

export const sessionListSchema = z.object({ items: z.array(sessionInfoSchema).describe('newest first') });
export const sessionParamsSchema = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{16}$/, 'must be a session id: 16 hexadecimal characters'),
});

export const LOGIN_TOKEN_TTL = { default: 900, max: 3600 } as const;

export const createLoginTokenBodySchema = z
  .object({
    keyId: keyIdSchema.describe('the API key the person will act as'),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(LOGIN_TOKEN_TTL.max)
      .default(LOGIN_TOKEN_TTL.default)
      .describe('how long the link may be used, once'),
  })
  .meta({ id: 'CreateLoginToken' });

export const loginTokenSchema = z
  .object({
    token: z.string().describe('shown once; POST /v1/sessions takes it as loginToken, once'),
    expiresAt: z.iso.datetime(),
    url: z.string().describe('PUBLIC_URL/ui/login#token=…: the console signs in with it'),
  })
  .meta({ id: 'LoginToken' });

export type SignInInput = z.infer<typeof signInBodySchema>;
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
export type CurrentSession = z.infer<typeof currentSessionSchema>;
export type LoginToken = z.infer<typeof loginTokenSchema>;
