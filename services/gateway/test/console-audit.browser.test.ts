import { randomUUID } from 'node:crypto';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { echoAgent, type GatewayHarness } from './gateway-harness.js';

const DAY_MS = 86_400_000;
/** A UTC day `days` before today at `hour`:00, as an ISO instant and as a datetime-local field takes it. */
function daysAgo(days: number, hour: number) {
  const day = new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
  const local = `${day}T${String(hour).padStart(2, '0')}:00`;
  return { iso: `${local}:00.000Z`, local };
}

/** The actions of the rows the page shows, top to bottom. */
const shownActions = (page: Page) => page.locator('tbody tr td code').allTextContents();

describe("the console's audit log filters in Chromium", () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    served = await startConsoleHarness();
    ({ h, browser, base } = served);
  });
  afterAll(() => served?.close());

  it('filters by target and by a from/to window, asking GET /api/audit with those fields', async () => {
    const { tenantId } = await h.seedTenant('Lighthouse Ferries');
    const minted = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name: 'Olga' });
    const { key, key_id: keyId } = minted.body as { key: string; key_id: string };
    for (const name of ['north', 'south']) expect((await h.withKey(key, 'POST', '/api/agents', { name, config: echoAgent })).status).toBe(201);
    const link = (await h.withKey(key, 'POST', '/api/agents/north/public-links', { title: 'Harbour' })).body as { id: string };
    // Six changes today (the tenant, two keys, two agents, a link) and two of earlier days, as the gateway recorded them then.
    const earlier = { activated: daysAgo(3, 9), renamed: daysAgo(2, 9) };
    const past = (at: string, action: string, target: { kind: string; id: string }, details: Record<string, unknown>) =>
      h.bus.publish('events.audit.recorded', {
        eventId: randomUUID(),
        at,
        tenantId,
        actor: { kind: 'key', key_id: keyId, name: 'Olga' },
        action,
        target,
        ip: '127.0.0.1',
        details,
      });
    // One after the other, so the log lists them in this order (newest appended first).
    const appended = (count: number) => waitFor(async () => (await h.withKey(key, 'GET', '/api/audit')).body.entries.length === count, { timeoutMs: 5_000 });
    await appended(6);
    await past(earlier.activated.iso, 'agent.version.activate', { kind: 'agent', id: 'north' }, { active_version: 1 });
    await appended(7);
    await past(earlier.renamed.iso, 'link.update', { kind: 'link', id: link.id }, { title: 'Harbour' });
    await appended(8);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/audit`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await waitFor(async () => (await page.locator('tbody tr').count()) === 8, { timeoutMs: 5_000 });

    /** Submits the form, waits until the rows show `actions` (top to bottom), and answers the query string it asked with. */
    const filter = async (actions: string[]) => {
      const asked = page.waitForResponse((response) => response.url().includes('/api/audit?'));
      await page.getByRole('button', { name: 'Filter' }).click();
      const query = new URL((await asked).url()).searchParams;
      let shown: string[] = [];
      await waitFor(
        async () => {
          shown = await shownActions(page);
          return JSON.stringify(shown) === JSON.stringify(actions);
        },
        { timeoutMs: 5_000 },
      ).catch(() => expect(shown).toEqual(actions));
      return Object.fromEntries(query);
    };

    // By target: what was done to the agent `north`.
    await page.getByLabel('Target').fill('north');
    expect(await filter(['agent.version.activate', 'agent.create'])).toEqual({ target: 'north' });

    // By a window of two days ago and before: the two earlier changes.
    await page.getByLabel('Target').fill('');
    await page.getByLabel('From', { exact: true }).fill(daysAgo(4, 0).local);
    await page.getByLabel('To', { exact: true }).fill(daysAgo(2, 12).local);
    expect(await filter(['link.update', 'agent.version.activate'])).toEqual({ from: daysAgo(4, 0).iso, to: daysAgo(2, 12).iso });
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('Olga');

    // Both: the link's changes in that window; then only after it, today's.
    await page.getByLabel('Target').fill(link.id);
    expect(await filter(['link.update'])).toEqual({ target: link.id, from: daysAgo(4, 0).iso, to: daysAgo(2, 12).iso });
    await page.getByLabel('From', { exact: true }).fill(daysAgo(2, 12).local);
    await page.getByLabel('To', { exact: true }).fill('');
    expect(await filter(['link.create'])).toEqual({ target: link.id, from: daysAgo(2, 12).iso });

    await page.getByLabel('Target').fill('');
    await page.getByLabel('From', { exact: true }).fill(daysAgo(4, 0).local);
    await page.getByLabel('To', { exact: true }).fill(daysAgo(2, 12).local);
    await filter(['link.update', 'agent.version.activate']);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-audit-filters');
    expect(problems).toEqual([]);
    await context.close();
  });
});
