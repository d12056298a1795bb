import { type FakeLlm, launchChromium, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';
import { streamingReplyPart } from './widget-fixtures.js';

const REPLY = 'Your bike BK-20417 is **ready for pickup** – the shop is open until six tonight, and the invoice is waiting at the counter.';

/**
 * A link whose agent is an OpenAI-compatible endpoint (docs/workflow.md "Backends"), in Chromium:
 * the visitor's reply streams in from the endpoint as from the platform's own model.
 */
describe('a backend behind a link, in Chromium', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: ServedGateway;

  beforeAll(async () => {
    llm = await startFakeLlm();
    // The runner has no model of its own: every word comes from the agent's endpoint.
    h = await startGatewayHarness({}, { live: {}, runnerBackends: { allowPrivate: true } });
    gateway = await serveGateway(h);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await llm?.close();
  });

  for (const viewport of [
    { name: 'phone', width: 390, height: 844, mobile: true },
    { name: 'desktop', width: 1280, height: 800, mobile: false },
  ]) {
    it(`on a ${viewport.name}: the endpoint's reply streams into the chat page, then stays as the stored message`, async () => {
      const agent = await h.seedAgent({ backend: { kind: 'openai', url: llm.url, model: 'fake-model' } }, `workshop-${viewport.name}`);
      const link = await h.bus.request('links.links.create', {
        tenantId: agent.tenantId,
        agentName: agent.name,
        settings: { title: 'Spoke & Chain front desk', welcome_message: 'Hello! Ask us about your repair.' } as never,
        publicBaseUrl: gateway.url,
      });
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        isMobile: viewport.mobile,
        hasTouch: viewport.mobile,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = await watchPage(page);
      await page.goto(`${gateway.url}/c/${link.token}`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Spoke & Chain front desk');

      llm.setHandler(() => ({ content: REPLY, chunkDelayMs: 120 }));
      await page.getByLabel('Message').fill('Is my bike ready? It is BK-20417.');
      await page.keyboard.press('Enter');
      // Some of the reply is on screen before the whole of it: it streams from the endpoint.
      const partial = await streamingReplyPart(page, 40);
      // A bold begun and not yet ended shows bold, never its marks as typed.
      expect(partial).not.toContain('**');
      expect(REPLY.replace(/\*\*/g, '')).toContain(partial);
      await saveScreenshot(page, `backend-chat-${viewport.name}-streaming`);
      await page.locator('.messages .message.assistant strong', { hasText: 'ready for pickup' }).waitFor();
      await waitFor(async () => (await page.locator('.message.streaming').count()) === 0, { timeoutMs: 5_000 });
      await expect(page.locator('.message.assistant strong', { hasText: 'ready for pickup' }).count()).resolves.toBe(1);
      // The endpoint got the visitor's words, and the model the agent names.
      expect(llm.requests.at(-1)?.body).toMatchObject({ model: 'fake-model', messages: [{ role: 'user', content: 'Is my bike ready? It is BK-20417.' }] });
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, `backend-chat-${viewport.name}-answered`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
