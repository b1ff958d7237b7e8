import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's session cookie (docs/console.md): an opaque secret, HttpOnly so no script reads
 * it, SameSite=Strict so no other site's page sends it, Secure where the service is reached over
 * https. State-changing requests made with it also carry the session's CSRF token in a header.
 */
export const SESSION_COOKIE = 'mw_session';
export const CSRF_HEADER = 'x-csrf-token';
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The cookie's value, if the request carries one. */
export function sessionSecret(request: FastifyRequest): string | null {
  return request.cookies[SESSION_COOKIE] || null;
}

export function csrfHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[CSRF_HEADER];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Secure when this request came over https (`request.protocol` follows X-Forwarded-Proto only
 * from proxies TRUST_PROXY names) or when people reach the service at an https PUBLIC_URL.
 */
function cookieOptions(request: FastifyRequest, publicUrl: string) {
  const secure = request.protocol === 'https' || publicUrl.startsWith('https:');
  return { httpOnly: true, sameSite: 'strict', path: '/', secure } as const;
}

/** Expires with the session, so the browser forgets it when the server does. */
export function setSessionCookie(
  reply: FastifyReply,
  { secret, expiresAt, publicUrl }: { secret: string; expiresAt: string; publicUrl: string },
): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    ...cookieOptions(reply.request, publicUrl),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(reply.request, publicUrl));
}
