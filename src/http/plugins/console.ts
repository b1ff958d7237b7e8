import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ServiceUnavailableError } from '../../lib/errors.js';

/** Where `npm run build:ui` writes the console: <project>/dist/ui, from src/ and from dist/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));

/**
 * The operator console (ui/, built by Vite) under /ui, and / redirecting there. Its routes are
 * public like /docs: the page carries no data, every figure it shows comes from /v1 with the
 * session cookie. Client-side routes (/ui/models/…) fall back to index.html. The console's own
 * security headers (a strict CSP: scripts and styles from this origin only) apply to these routes
 * alone, so the API's JSON answers are unchanged.
 */
export async function registerConsole(app: FastifyInstance, { root = CONSOLE_DIR } = {}): Promise<void> {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.redirect('/ui/', 302),
  );
  await app.register(async (ui) => {
    ui.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
      route.schema = { ...route.schema, hide: true };
    });
    if (!existsSync(`${root}/index.html`)) {
      const missing = async () => {
        throw new ServiceUnavailableError(
          'The console is not built: run `npm run build:ui` (npm ci and npm run build do it).',
        );
      };
      ui.get('/ui', missing);
      ui.get('/ui/*', missing);
      return;
    }
    await ui.register(helmet, { contentSecurityPolicy: { directives: CONSOLE_CSP } });
    await ui.register(fastifyStatic, {
      root,
      prefix: '/ui/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      // Vite names assets by content hash: they never change; index.html always may.
      setHeaders: (res, path) =>
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
    ui.get('/ui', (_request, reply) => reply.redirect('/ui/', 302));
    ui.get('/ui/*', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  });
}

const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
