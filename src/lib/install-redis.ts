import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Installs redis-server with apt-get, but only where that is clearly allowed and harmless to
 * guess: running as root on Debian or Ubuntu with apt-get present. Elsewhere the caller prints
 * what to install instead.
 */

function isDebianLike(): boolean {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const ids = [...release.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]+)/gm)].flatMap((m) =>
      (m[1] ?? '').split(/\s+/),
    );
    return ids.some((id) => id === 'debian' || id === 'ubuntu');
  } catch {
    return false;
  }
}

function findOnPath(name: string, searchPath: string): string | undefined {
  return [...searchPath.split(delimiter), '/usr/bin', '/usr/sbin', '/bin']
    .map((dir) => join(dir, name))
    .find((candidate) => existsSync(candidate));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // apt's progress goes to stderr so that stdout stays the wrapped command's alone.
    const child = spawn('env', ['DEBIAN_FRONTEND=noninteractive', command, ...args], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** The path of the installed redis-server, or undefined when installing is not ours to do here. */
export async function installRedisServer(
  log: (line: string) => void,
  searchPath: string,
): Promise<string | undefined> {
  const aptGet = findOnPath('apt-get', searchPath);
  if (process.getuid?.() !== 0 || !isDebianLike() || !aptGet) return undefined;
  log(
    'redis-server not found: installing it (apt-get update && apt-get install -y --no-install-recommends redis-server)',
  );
  await run(aptGet, ['update']);
  await run(aptGet, ['install', '-y', '--no-install-recommends', 'redis-server']);
  const installed = ['/usr/bin/redis-server', '/usr/sbin/redis-server'].find((p) => existsSync(p));
  if (!installed) throw new Error('apt-get installed redis-server but no redis-server binary was found');
  log(`installed ${installed}`);
  return installed;
}
