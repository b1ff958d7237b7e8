// Time to first render and to interactive of the console in Chromium (issue 10: goal <= 1 s each):
// the fleet page with 1,000 models and the model page with 200 features.
// `npm run bench:console` (after `npm run build:ui`; needs /usr/bin/chromium).
//
// The console is served by the real plugin from dist/ui; the /v1 answers are synthetic
// (bench/console/fixtures.ts) and answered at once by Chromium's request interception, so the
// figures are the browser's own cost (download, parse, fetch handling, render) without the API's
// query time, which the API benches measure. Times are from navigation start, median of RUNS.
import Fastify from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { registerConsole } from '../src/http/plugins/console.js';
import { launchChromium } from '../tests/helpers/browser.js';
import { answer, FEATURES, MODELS } from './console/fixtures.js';

const RUNS = 5;

async function serveApi(context: BrowserContext) {
  await context.route('**/v1/**', async (route) => {
    const url = new URL(route.request().url());
    const body = answer(url.pathname, url.searchParams);
    if (body === null)
      await route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: '{"title":"no","status":400}',
      });
    else await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
}

/**
 * Milliseconds since navigation start when every selector matches its count ('>=' or '='),
 * checked every animation frame. A function, not a string: the console's CSP
 * forbids eval, which string predicates need.
 */
function when(page: Page, counts: Record<string, ['>=' | '=', number]>): Promise<number> {
  return page
    .waitForFunction(
      (wanted) =>
        Object.entries(wanted).every(([selector, [op, n]]) => {
          const found = (globalThis as unknown as DomLike).document.querySelectorAll(selector).length;
          return op === '=' ? found === n : found >= n;
        }) && performance.now(),
      counts,
      { polling: 'raf', timeout: 30_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);
}

/** The page's document, as far as the predicate uses it (the bench compiles without the DOM types). */
interface DomLike {
  document: { querySelectorAll(selector: string): { length: number } };
}

interface Figures {
  firstRender: number;
  interactive: number;
}

/**
 * Fleet: first render = the first model row is in the table; interactive = a search typed right
 * then has filtered the 1,000 rows (the page answered its first input).
 */
async function fleet(page: Page, base: string): Promise<Figures> {
  await page.goto(`${base}/ui/`);
  const firstRender = await when(page, { 'table.fleet tbody tr': ['>=', 1] });
  await page.getByRole('searchbox').fill('model-0999');
  const interactive = await when(page, { 'table.fleet tbody tr': ['=', 1] });
  return { firstRender, interactive };
}

/**
 * Model: first render = the feature table holds its 200 rows; interactive = no section is still
 * loading and the sparklines of the rows on screen are drawn.
 */
async function model(page: Page, base: string): Promise<Figures> {
  await page.goto(`${base}/ui/models/model-0000`);
  const firstRender = await when(page, { 'table.features tbody tr': ['>=', FEATURES] });
  const interactive = await when(page, {
    '[role=status]': ['=', 0],
    'td.spark canvas': ['>=', 1],
    '.plot canvas': ['>=', 3],
  });
  return { firstRender, interactive };
}

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const app = Fastify();
  await registerConsole(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  try {
    for (const [name, run] of [
      [`fleet page, ${MODELS} models`, fleet],
      [`model page, ${FEATURES} features`, model],
    ] as const) {
      const figures: Figures[] = [];
      for (let i = 0; i < RUNS; i++) {
        // A new context each run: a cold cache, as a first visit.
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await serveApi(context);
        figures.push(await run(await context.newPage(), base));
        await context.close();
      }
      const first = median(figures.map((f) => f.firstRender));
      const interactive = median(figures.map((f) => f.interactive));
      const verdict = Math.max(first, interactive) <= 1000 ? 'within' : 'OVER';
      console.log(
        `${name.padEnd(28)} first render ${first.toFixed(0).padStart(5)} ms   interactive ${interactive.toFixed(0).padStart(5)} ms   (median of ${RUNS}; ${verdict} the 1 s goal)`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
