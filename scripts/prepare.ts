/**
 * `npm ci` / `npm install` run this (the root `prepare` script): it builds the console into
 * dist/ui so that `npm run demo` serves it on a fresh clone. Where the console's sources or its
 * build tools are absent (the Docker image's production-only install, which builds the console
 * in its build stage instead) it says so and does nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const vite = new URL('node_modules/vite/bin/vite.js', root);
if (!existsSync(new URL('ui/index.html', root)) || !existsSync(vite)) {
  console.log('prepare: console sources or vite absent; dist/ui not built');
} else {
  execFileSync(
    process.execPath,
    [vite.pathname, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
