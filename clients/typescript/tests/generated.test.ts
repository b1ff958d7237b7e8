import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// The client's types are generated from openapi.yaml (npm run -w @modelwatch/client generate) and
// committed; they must be what a generation from the current openapi.yaml gives.
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

it('src/generated/api.ts is generated from the current openapi.yaml', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mw-client-types-'));
  try {
    const out = join(dir, 'api.ts');
    // The same command as the package's generate script, with the output elsewhere.
    const scripts = (
      JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8')) as { scripts: { generate: string } }
    ).scripts;
    const [bin, ...args] = scripts.generate.replace(/-o \S+$/, `-o ${out}`).split(' ');
    // npm runs it from node_modules/.bin, the package's own or the root's, whichever holds it.
    const binDirs = [join(PACKAGE, 'node_modules/.bin'), join(PACKAGE, '../../node_modules/.bin')];
    const found = binDirs.map((dir) => join(dir, bin!)).find((path) => existsSync(path));
    if (!found) throw new Error(`${bin} is not installed: run npm ci`);
    await promisify(execFile)(found, args, { cwd: PACKAGE });
    const committed = await readFile(join(PACKAGE, 'src/generated/api.ts'), 'utf8');
    expect(committed === (await readFile(out, 'utf8')), 'run npm run -w @modelwatch/client generate').toBe(
      true,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
