import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Helpers shared by the local Postgres and Redis launchers: ports, pids, waiting. */

/** True when something accepts a TCP connection on host:port within the timeout. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * The preferred port when it is free, else one the kernel picks. Another process could take the
 * port between this check and the server binding it; callers report that as a start failure.
 */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined) {
    const taken = await isPortOpen(preferred);
    if (!taken) {
      const bound = await listenOnce(preferred).catch(() => undefined);
      if (bound !== undefined) return bound;
    }
  }
  return listenOnce(0);
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `check` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Asks a process to stop with `signal`, escalating to SIGKILL if it is still there after
 * `graceMs`. Resolves once it is gone; a pid that is already gone resolves at once.
 */
export async function stopPid(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!pidAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  try {
    await waitUntil(() => !pidAlive(pid), graceMs, `pid ${pid} to exit`);
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !pidAlive(pid), 5_000, `pid ${pid} to exit after SIGKILL`);
  }
}

/** Keeps the last `max` lines a child printed, to quote when it fails. */
export function tailBuffer(max = 30): { push(text: string): void; text(): string } {
  const lines: string[] = [];
  return {
    push(text) {
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line.trimEnd());
        if (lines.length > max) lines.shift();
      }
    },
    text: () => lines.join('\n'),
  };
}
