import { buildApp } from './app.js';
import type { Container } from './container.js';
import type { ShutdownStep } from './lib/shutdown.js';

/** Starts the HTTP API; returns the steps that stop it, in order. */
export async function startApi(container: Container): Promise<{ url: string; steps: ShutdownStep[] }> {
  const app = await buildApp(container);
  const url = await app.listen({ port: container.config.PORT, host: container.config.HOST });
  container.log.info({ url }, 'API listening');
  // Readiness fails first so load balancers stop routing here; then in-flight requests finish.
  const drainMs = Math.min(5_000, Math.floor(container.config.SHUTDOWN_TIMEOUT_MS / 5));
  return {
    url,
    steps: [
      { name: 'fail readiness', run: () => container.readiness.beginShutdown() },
      {
        name: 'let load balancers notice',
        // Ctrl-C (SIGINT) comes from a terminal, with no load balancer in front to wait for.
        run: (signal) => (signal === 'SIGINT' ? undefined : new Promise((r) => setTimeout(r, drainMs))),
      },
      { name: 'finish in-flight requests', run: () => app.close() },
    ],
  };
}
