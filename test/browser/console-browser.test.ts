import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/child-bridge';
import { launchChromium } from '../support/chromium';
import { startConsoleWorld, type ConsoleWorld } from '../support/console-world';
import { hubSignature } from '../support/sign';
import { jiraFixtureRaw } from '../support/jira-fixtures';
import { CREDENTIALS } from '../support/seed';

// The console in a real headless Chromium against a real bridge process: sign-in, the dashboard's
// charts, a request's timeline after a Jira delivery, a dead letter replayed, refusals. Screenshots
// of the main pages land in test-results/console/ (the README shows copies from docs/screenshots).
const SHOTS = 'test-results/console';
const require = createRequire(import.meta.url);
let w: ConsoleWorld;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  execFileSync('npm', ['run', '-s', 'build:console'], { stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  [w, browser] = await Promise.all([startConsoleWorld(), launchChromium()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // A CSP violation or a script error fails the test that caused it.
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function signIn(page: Page, token: string) {
  await page.goto(`${w.bridge.url}/console`);
  await expect.poll(() => page.url()).toContain('/console/login');
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${w.bridge.url}/console`);
}

describe('the console in Chromium', () => {
  it('signs in and draws the dashboard charts with data', async () => {
    const page = await newPage();
    await signIn(page, CREDENTIALS.adminToken);
    await expect.poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(4);
    const totals = await page.locator('.totals').innerText();
    expect(totals).toMatch(/7 requests: 3 open, 4 done/);
    expect(await page.getByRole('table', { name: /Blocked requests/ }).innerText()).toContain('TES-44');
    expect(await page.getByRole('table', { name: /past their due date/ }).innerText()).toContain('TES-45');
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    // Keyboard: the skip link is the first stop, and the filters are reachable and labelled.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByLabel('Period').selectOption('4');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/weeks=4/);
    expect(await page.locator('section', { hasText: 'Cycle time' }).innerText()).toMatch(/requests done in the period/);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a synced request timeline after a Jira delivery', async () => {
    w.move('TES-41', 'doing', 0);
    const raw = jiraFixtureRaw('issue_updated-mattermost-1.json');
    const res = await fetch(`${w.bridge.url}/webhooks/jira`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': hubSignature(CREDENTIALS.webhookSecret, raw),
        'x-atlassian-webhook-identifier': 'browser-1',
      },
    });
    expect(res.status).toBe(200);
    await w.settled('the delivery and its flow', (html) => /Oldest work in progress[^]*TES-41/.test(html));
    const page = await newPage();
    await signIn(page, CREDENTIALS.adminToken);
    // Now in progress, it is the youngest of the work in progress.
    await page.getByRole('link', { name: 'TES-41', exact: true }).first().click();
    await page.waitForURL(/\/console\/requests\/TES-41$/);
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.innerText()).toContain('Jira change');
    expect(await timeline.innerText()).toContain('Delivery status: Planned → In development');
    await page.screenshot({ path: `${SHOTS}/request-timeline.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 150_000);

  it('replays a dead letter and sees it succeed', async () => {
    w.failIssue('10043');
    // Jira answers 503 to every read of TES-43: its sync fails (maxAttempts is 1) and is a dead letter.
    const raw = jiraFixtureRaw('issue_updated-mattermost-1.json')
      .replace(/"10040"/g, '"10043"')
      .replace(/TES-41/g, 'TES-43');
    await fetch(`${w.bridge.url}/webhooks/jira`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': hubSignature(CREDENTIALS.webhookSecret, raw),
        'x-atlassian-webhook-identifier': 'browser-dead-1',
      },
    });
    await waitFor(
      'a dead letter',
      async () =>
        ((await (await w.admin('GET', '/admin/deliveries?status=failed')).json()) as { deliveries: unknown[] })
          .deliveries.length > 0,
      30_000,
    );
    w.healIssue('10043');
    const page = await newPage();
    await signIn(page, CREDENTIALS.adminToken);
    await page.getByRole('link', { name: 'Operations' }).click();
    const row = page.getByRole('table', { name: /Jobs that failed/ }).locator('tr', { hasText: 'TES-43' });
    await page.screenshot({ path: `${SHOTS}/operations.png`, fullPage: true });
    await row.getByRole('button', { name: /Replay/ }).click();
    await expect.poll(() => page.locator('[role=status]').first().innerText()).toMatch(/Replayed/);
    await w.settled('the replay');
    await page.reload();
    expect(await page.locator('main').innerText()).toContain('No dead letters.');
    await page.goto(`${w.bridge.url}/console/requests/TES-43`);
    expect(await page.locator('ol.timeline').innerText()).toMatch(/delivery jira:browser-dead-1: done/);
    expect(errors).toEqual([]);
  }, 90_000);

  it('passes axe-core WCAG 2.1 A and AA checks (labels, contrast, landmarks) on every page', async () => {
    const page = await newPage();
    await signIn(page, CREDENTIALS.adminToken);
    const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const problems: string[] = [];
    let checked = 0;
    for (const path of [
      '/console',
      '/console/requests/TES-41',
      '/console/ops',
      '/console/links?attention=0',
      '/console/audit',
    ]) {
      await page.goto(`${w.bridge.url}${path}`);
      // Injected through the DevTools protocol: the page's CSP rightly refuses inline scripts.
      await page.evaluate(source);
      const result = await page.evaluate(() =>
        (
          window as unknown as {
            axe: {
              run(
                o: object,
              ): Promise<{ violations: Array<{ id: string; nodes: unknown[] }>; passes: Array<{ nodes: unknown[] }> }>;
            };
          }
        ).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }),
      );
      checked += result.passes.reduce((n, p) => n + p.nodes.length, 0);
      problems.push(...result.violations.map((v) => `${path}: ${v.id} (${v.nodes.length})`));
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  }, 60_000);

  it('refuses the operations view and actions to a read-only token, and everything without one', async () => {
    const created = await w.admin('POST', '/admin/tokens', { name: 'leader', role: 'read' });
    const { token } = (await created.json()) as { token: string };
    const page = await newPage();
    await signIn(page, token);
    expect(await page.getByRole('navigation', { name: 'Console' }).innerText()).not.toContain('Operations');
    const ops = await page.goto(`${w.bridge.url}/console/ops`);
    expect(ops?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('read-only token');
    // A forged replay from the signed-in read-only page: refused, with or without its CSRF token.
    await page.goto(`${w.bridge.url}/console`);
    const status = await page.evaluate(async () => {
      const csrf = (document.querySelector('input[name=csrf]') as HTMLInputElement).value;
      const r = await fetch('/console/jobs/1/replay', { method: 'POST', body: new URLSearchParams({ csrf }) });
      return r.status;
    });
    expect(status).toBe(403);
    const anonymous = await browser.newPage();
    const res = await anonymous.request.post(`${w.bridge.url}/console/jobs/1/replay`, { form: { csrf: 'x' } });
    expect(res.status()).toBe(401);
    await anonymous.close();
  }, 60_000);
});
