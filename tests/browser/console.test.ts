/**
 * The operator console (issue 10) in a real Chromium against the real service running the demo's
 * story: the population shifts after 8 s, the drift alert fires and is delivered by webhook. The
 * tests run in order, as one operator's session would: sign in with a read key, find the drifting
 * model, open its drifted feature, follow the alert link the webhook delivered, acknowledge;
 * silence with an admin key; a key limited to another model sees neither; sign out. Each page is
 * checked with axe-core (no serious or critical violation). A failing test leaves a screenshot in
 * test-results/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleErrors, launchChromium, screenshot, seriousViolations } from '../helpers/browser.js';
import { OTHER_MODEL, startConsoleWorld, type ConsoleWorld } from '../helpers/console-world.js';
import { eventually } from '../helpers/eventually.js';
import { testRedis } from '../helpers/redis.js';

const redis = testRedis();
let world: ConsoleWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let alertLink: string;
let alertId: string;

beforeAll(async () => {
  world = await startConsoleWorld(redis);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  errors = consoleErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const path = await screenshot(page, task.name);
    console.error(`screenshot of the failed test: ${path}`);
  });
});

async function expectAccessible(what: string) {
  expect(await seriousViolations(page), `axe on ${what}`).toEqual([]);
}

async function signIn(key: string, url = `${world.base}/ui/`) {
  await page.goto(url);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
}

describe('the operator console', () => {
  it('signs in with a read key, and the fleet shows the drifting model', async () => {
    // The console shows what the API says: wait for the status there, then read it on the page.
    await eventually(
      async () => {
        const { body } = await world.api<{ models: { id: string; status: string }[] }>(
          world.keys.read,
          'GET',
          '/v1/fleet',
        );
        return body.models.find((m) => m.id === world.modelId && m.status === 'drifting');
      },
      120_000,
      1_000,
    );
    await page.goto(`${world.base}/`);
    await page.getByRole('heading', { name: 'Sign in to modelwatch' }).waitFor();
    await expectAccessible('the sign-in page');
    await signIn(world.keys.read);

    const row = page.getByRole('row', { name: new RegExp(world.modelId) });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/drifting/);
    await expect(page.getByRole('row', { name: new RegExp(OTHER_MODEL) }).count()).resolves.toBe(1);
    await page.getByLabel('Status').selectOption('drifting');
    await expect(page.getByRole('row', { name: new RegExp(OTHER_MODEL) }).count()).resolves.toBe(0);
    await expectAccessible('the fleet page');
  });

  it('opens the model, and the drifted feature’s view overlays the reference and window distributions', async () => {
    await page.getByRole('link', { name: world.modelId, exact: true }).click();
    await page.getByRole('heading', { name: 'Feature drift' }).waitFor();
    const features = page.getByRole('table', { name: /Input features/ });
    await features.getByText('drifted').first().waitFor();
    // Worst first: the first row is a drifted feature.
    const first = features.locator('tbody tr').first();
    await expect(first.textContent()).resolves.toMatch(/drifted/);
    const feature = (await first.locator('th').textContent())!.trim();
    // The demo declares its sales channel a segment: each channel's stored evaluation, worst first.
    const channels = page.getByRole('table', { name: /channel, worst first/ });
    await channels.locator('tbody th').first().waitFor();
    const values = (await channels.locator('tbody th').allTextContents()).map((v) => v.trim());
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(['web', 'app', 'branch', 'partner', '__other__']).toContain(v);
    await page
      .getByRole('table', { name: /Versions seen in traffic/ })
      .getByText('1.0.0')
      .waitFor();
    await expectAccessible('the model page');

    await first.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(`Feature ${feature}`) }).waitFor();
    const chart = page.locator('figure.distribution');
    await chart.locator('canvas').waitFor();
    const series = await chart.locator('.u-legend .u-series .u-label').allTextContents();
    expect(series).toEqual(expect.arrayContaining(['reference', 'current window']));
    await expectAccessible('the feature view');
  });

  it('opens the firing alert from the link a webhook delivered, and acknowledges it', async () => {
    const delivered = await eventually(
      () => {
        for (const delivery of world.demo.receiver.deliveries) {
          const body = JSON.parse(delivery.body) as {
            status: string;
            alerts?: { generatorURL: string }[];
            generatorURL?: string;
          };
          const link = body.alerts?.[0]?.generatorURL ?? body.generatorURL;
          if (body.status === 'firing' && link) return link;
        }
        return undefined;
      },
      60_000,
      500,
    );
    alertLink = delivered;
    expect(alertLink).toMatch(new RegExp(`^${world.base}/ui/alerts/`));
    alertId = decodeURIComponent(alertLink.split('/ui/alerts/')[1]!);

    await page.goto(alertLink);
    await page.getByRole('heading', { name: 'Respond' }).waitFor();
    // The value its rule read from each evaluation, charted against the threshold (GET …/values).
    await page.getByRole('img', { name: /in each evaluation of the \w+ window, breaching when/ }).waitFor();
    await expectAccessible('the alert page');
    await page.getByLabel(/Comment/).fill('looking at the applicant shift');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText(/Acknowledged by .*looking at the applicant shift/).waitFor();

    const { body } = await world.api<{ acknowledgements: { comment: string }[] }>(
      world.keys.admin,
      'GET',
      `/v1/alerts/${encodeURIComponent(alertId)}`,
    );
    expect(body.acknowledgements.map((a) => a.comment)).toContain('looking at the applicant shift');
  });

  it('silences the alert with an admin key, matchers prefilled', async () => {
    await expect(page.getByText('Silencing needs an admin key.').count()).resolves.toBe(1);
    await signOut();
    await signIn(world.keys.admin, alertLink);
    await page.getByRole('link', { name: 'Silence this alert…' }).click();
    await page.getByRole('heading', { name: 'New silence' }).waitFor();
    await expect(page.getByLabel('Value').first().inputValue()).resolves.not.toBe('');
    await page.getByLabel('Comment').fill('known shift, retraining');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByRole('status').getByText('Silence created.').waitFor();
    await page.getByRole('cell', { name: 'known shift, retraining' }).waitFor();
    await expectAccessible('the silences page');

    const { body } = await world.api<{ silencedBy: string[] }>(
      world.keys.admin,
      'GET',
      `/v1/alerts/${encodeURIComponent(alertId)}`,
    );
    expect(body.silencedBy.length).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'firing', pressed: true }).waitFor();
    await expectAccessible('the alerts page');
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('link', { name: 'Export as CSV' }).waitFor();
    await expectAccessible('the inventory page');
  });

  it('signs in by a login link as a key limited to another model, which sees neither the model nor its alert', async () => {
    await signOut();
    const link = await world.api<{ url: string }>(world.keys.bootstrap, 'POST', '/v1/login-tokens', {
      keyId: world.otherOnlyKeyId,
    });
    expect(link.body.url).toMatch(new RegExp(`^${world.base}/ui/login#token=`));
    await page.goto(link.body.url);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(page.url()).toBe(`${world.base}/ui/`);
    await page.getByRole('row', { name: new RegExp(OTHER_MODEL) }).waitFor();
    await expect(page.getByRole('row', { name: new RegExp(world.modelId) }).count()).resolves.toBe(0);

    await page.goto(alertLink);
    await page.getByRole('alert').waitFor();
    await expect(page.getByText(/drift/i).count()).resolves.toBe(0);
    await page.goto(`${world.base}/ui/models/${world.modelId}`);
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('heading', { name: 'Feature drift' }).count()).resolves.toBe(0);
  });

  it('reads on a phone: no page wider than the screen (tables scroll in place), and axe is clean', async () => {
    await signOut();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');
      await signIn(world.keys.read);
      await page.getByRole('row', { name: new RegExp(world.modelId) }).waitFor();
      expect(await pageWidth()).toBeLessThanOrEqual(390);
      await expectAccessible('the fleet page on a phone');
      await page.goto(`${world.base}/ui/models/${world.modelId}`);
      await page.getByRole('table', { name: /Input features/ }).waitFor();
      expect(await pageWidth()).toBeLessThanOrEqual(390);
      await expectAccessible('the model page on a phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('signs out: the session ends on the server and the console asks for a key again', async () => {
    await signOut();
    const status = await page.evaluate(async () => (await fetch('/v1/sessions/current')).status);
    expect(status).toBe(401);
    await page.goto(`${world.base}/ui/`);
    await page.getByLabel('API key').waitFor();
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
