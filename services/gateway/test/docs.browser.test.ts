import { launchChromium, saveScreenshot, waitFor, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

describe('/docs in Chromium', () => {
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('renders every operation of the API under its strict CSP, from this server alone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = await watchPage(page);
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${base}/docs`);
    // Each section opens on a click, and together they hold every operation.
    await page.waitForSelector('.opblock-tag');
    const spec = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    const operations = Object.values(spec.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    const sections = page.locator('.opblock-tag');
    let seen = 0;
    for (let i = 0; i < (await sections.count()); i++) {
      await sections.nth(i).click();
      const open = await waitFor(async () => {
        const count = await page.locator('.opblock').count();
        return count > 0 && count;
      });
      seen += open;
      await sections.nth(i).click();
      await waitFor(async () => (await page.locator('.opblock').count()) === 0);
    }
    expect(seen).toBe(operations);
    await sections.first().click();
    await expect(page.locator('.info .title').textContent()).resolves.toContain('Parley API');
    await page.locator('.opblock-summary', { hasText: '/api/chat/sessions/{session_id}/messages' }).click();
    await page.waitForSelector('.parameters');
    // Its body and its answer shown by their examples: the named schemas' own (SendMessageRequest, SendMessageResponse).
    const shown = () => page.locator('.opblock.is-open').first().textContent();
    await waitFor(async () => (await shown())?.includes('It is order 4821') && (await shown())?.includes('Thanks – we are on it.'));
    await saveScreenshot(page, 'docs');
    expect(problems).toEqual([]);
    expect([...origins]).toEqual([base]);
    // Every section opened and closed in turn: 20 s on a quiet machine, past 30 s on a loaded one.
  }, 90_000);
});
