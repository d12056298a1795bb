import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESSES, analyticsWhen, frontDeskAgent, visit } from '../src/routes/management/analytics/analytics.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

describe("the console's analytics in Chromium", () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    served = await startConsoleHarness();
    ({ h, browser, base } = served);
  });
  afterAll(() => served?.close());

  it("shows an agent's and a link's figures and charts (sessions and messages over time, outcomes, response times, security events)", async () => {
    const own = await h.seedTenant('Harbour Tours');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'bookings', config: frontDeskAgent })).status).toBe(201);
    const link = (await h.withKey(own.key, 'POST', '/api/agents/bookings/public-links', { title: 'Spring flyer', ip_deny: ['203.0.113.0/24'] })).body;
    const chat = (from: string, body: Record<string, unknown>) => visit(h, `/api/public/chat/${link.token}`, body, from);
    for (const from of [ADDRESSES.us1, ADDRESSES.us2, ADDRESSES.gb, ADDRESSES.de, ADDRESSES.jp])
      expect((await chat(from, { content: 'hello' })).status).toBe(200);
    expect((await chat(ADDRESSES.gb, { content: 'bye' })).status).toBe(200);
    expect((await chat(ADDRESSES.us1, { content: 'a human please' })).status).toBe(200);
    expect((await chat(ADDRESSES.denied, { content: 'hello' })).status).toBe(403);
    await analyticsWhen(
      h,
      '/api/agents/bookings/analytics',
      own.tenantId,
      (b) => b.sessions.started === 7 && b.sessions.escalated === 1 && b.security_events.forbidden_ip === 1 && b.sessions.completed === 1,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/bookings/analytics`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Analytics – bookings' }).waitFor();
    const agentPanel = page.locator('[data-analytics="agent:bookings"]');
    await expect(agentPanel.locator('[data-figure="sessions"]').textContent()).resolves.toBe('7');
    await expect(agentPanel.locator('[data-figure="visitors"]').textContent()).resolves.toContain('5');
    // Eight charts, each a canvas drawn by uPlot (whose code loads with the panel), labelled with the figures it draws.
    await agentPanel.locator('.chart canvas').nth(7).waitFor();
    await expect(agentPanel.locator('.chart canvas').count()).resolves.toBe(8);
    await expect(agentPanel.getByRole('img', { name: /Sessions by outcome: completed 1, abandoned 0, expired 0, escalated 1/ }).count()).resolves.toBe(1);
    await expect(agentPanel.getByRole('img', { name: /Security events: .*address 1/ }).count()).resolves.toBe(1);
    await expect(agentPanel.locator('table', { hasText: 'Countries' }).textContent()).resolves.toBe('CountriesUS3GB2DE1JP1');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-analytics-agent');

    // Another window is asked again.
    await page.getByLabel('Window').selectOption('30d');
    await agentPanel.locator('[data-figure="sessions"]', { hasText: '7' }).waitFor();

    // A link's analytics from its row in the links tab.
    await page.getByRole('link', { name: 'Public links' }).click();
    await page.getByRole('button', { name: 'Analytics Spring flyer' }).click();
    await page.getByRole('heading', { name: 'Analytics – Spring flyer' }).waitFor();
    const linkPanel = page.locator(`[data-analytics="link:${link.id}"]`);
    await expect(linkPanel.locator('[data-figure="sessions"]').textContent()).resolves.toBe('7');
    await linkPanel.locator('.chart canvas').nth(7).waitFor();
    await expect(linkPanel.locator('.chart canvas').count()).resolves.toBe(8);
    expect(await seriousViolations(page)).toEqual([]);
    await linkPanel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-analytics-link');
    expect(problems).toEqual([]);
    await context.close();
  });
});
