import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';

const AGENT = { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'Hello', static_text: 'Hello there.' }] } };

const isDark = (page: Page) => page.evaluate("document.documentElement.classList.contains('dark')") as Promise<boolean>;
/** The page's background and text luminance-ish: the sum of the RGB channels of each (0 black … 765 white). */
const shades = (page: Page) =>
  page.evaluate(
    '(() => { const s = getComputedStyle(document.body); const sum = (c) => c.match(/\\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0); return { background: sum(getComputedStyle(document.documentElement).backgroundColor), text: sum(s.color) }; })()',
  ) as Promise<{ background: number; text: number }>;

describe("the console's dark mode in Chromium", () => {
  let served: ConsoleHarness;
  let key: string;

  beforeAll(async () => {
    served = await startConsoleHarness({ live: {} });
    ({ key } = await served.h.seedTenant('Night Shift Repairs'));
    expect((await served.h.withKey(key, 'POST', '/api/agents', { name: 'front-desk', config: AGENT })).status).toBe(201);
    expect((await served.h.withKey(key, 'POST', '/api/agents/front-desk/public-links', { title: 'Evening line' })).status).toBe(201);
  });
  afterAll(async () => served?.close());

  it('follows a dark system, readable on every page; the choice in the bar overrides it and is remembered', async () => {
    const context = await served.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${served.base}/console`);
    await page.getByLabel('API key').waitFor();
    // Dark from the sign-in page on, before anyone chose it: the system says so.
    expect(await isDark(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    const dark = await shades(page);
    expect(dark.background).toBeLessThan(120);
    expect(dark.text).toBeGreaterThan(600);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'look-console-dark-agents');

    // The agent's pages, its links and the new-link form with its files, look and language.
    await page.getByRole('link', { name: 'front-desk' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Public links' }).click();
    await page.locator('tr[data-link-id]', { hasText: 'Evening line' }).waitFor();
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByLabel('Visitors may attach files', { exact: true }).check();
    await page.getByLabel('Brand colour', { exact: true }).fill('#fde047');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'look-console-dark');
    for (const section of [
      'Knowledge',
      'Link templates',
      'Bulk links',
      'Schedules',
      'Inbox',
      'Canned replies',
      'Teams',
      'API keys',
      'Webhooks',
      'Secrets',
      'Members',
      'Privacy',
      'Budget',
      'Audit log',
      'Settings',
    ]) {
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: section, exact: true }).click();
      await page.getByRole('heading', { name: section, exact: false }).first().waitFor();
      expect(await seriousViolations(page), section).toEqual([]);
    }

    // Light by choice, though the system is dark; still light after a reload.
    await page.getByLabel('Appearance').selectOption('light');
    await waitFor(async () => !(await isDark(page)), { timeoutMs: 2_000 });
    const light = await shades(page);
    expect(light.background).toBeGreaterThan(700);
    await page.reload();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    expect(await isDark(page)).toBe(false);
    await expect(page.getByLabel('Appearance').inputValue()).resolves.toBe('light');
    expect(await seriousViolations(page)).toEqual([]);
    // Back to the system's: dark again.
    await page.getByLabel('Appearance').selectOption('auto');
    await waitFor(() => isDark(page), { timeoutMs: 2_000 });
    // Leaving the inbox closes its event stream: the browser reports that request as aborted.
    expect(problems.filter((problem) => !problem.includes('/api/inbox/events net::ERR_ABORTED'))).toEqual([]);
    await context.close();
    // Every page of the console, each checked for contrast: more than the default half minute.
  }, 90_000);
});
