import { type FakeLlm, launchChromium, saveScreenshot, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { streamingAgent } from './public-link-fixtures.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';

/**
 * A visitor's first message on the chat page stays on screen from the moment it is sent: the page
 * starts the session first and loads its history while the reply is still being written, and that
 * history (which may not hold the message yet) does not take it off the screen.
 */

const FIRST = 'Hello, is my bike ready?';
/**
 * 27 words, a chunk each, 100 ms apart: the reply takes nearly three seconds to arrive (within the
 * test harness's 5 s for a model call).
 */
const REPLY = 'Let me look that up for you. Your bike came in on Monday for a new chain and brake pads, and you can pick it up this afternoon.';
const CHUNK_DELAY_MS = 100;

const VIEWPORTS = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
];

/** Whether the visitor's message is on screen, once (not twice, as its stored copy beside the one sent). */
async function visitorBubble(page: Page): Promise<{ visible: boolean; count: number }> {
  const bubbles = page.locator('.messages .message.user', { hasText: FIRST });
  const count = await bubbles.count();
  return { visible: count > 0 && (await bubbles.first().isVisible()), count };
}

/** The reply's text on screen halfway through its stream: a third of it to two thirds. */
async function halfOfReply(page: Page): Promise<string | false> {
  const text = (
    (await page
      .locator('.message.streaming')
      .first()
      .textContent({ timeout: 100 })
      .catch(() => null)) ?? ''
  ).trim();
  return text.length > REPLY.length / 3 && text.length < (REPLY.length * 2) / 3 ? text : false;
}

describe("the chat page's first message, in Chromium", () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: ServedGateway;

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    gateway = await serveGateway(h);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await llm?.close();
  });

  it.each(VIEWPORTS)(
    "on a $name: the visitor's first message is shown at once and all the while its reply streams in",
    async ({ name, options }) => {
      const agent = await h.seedAgent(streamingAgent, `bikes-${name}`);
      const link = await h.bus.request('links.links.create', {
        tenantId: agent.tenantId,
        agentName: agent.name,
        settings: { title: 'Spoke & Chain front desk', welcome_message: 'Hello! Ask us about your repair.' } as never,
        publicBaseUrl: gateway.url,
      });
      llm.setHandler(() => ({ content: REPLY, chunkDelayMs: CHUNK_DELAY_MS }));
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = await watchPage(page);
      await page.goto(`${gateway.url}/c/${link.token}`);
      await page.locator('.welcome', { hasText: 'Hello! Ask us about your repair.' }).waitFor();

      // From the moment the message is sent, the page notes every change that takes it off the screen.
      await page.evaluate(`(() => {
      const text = ${JSON.stringify(FIRST)};
      window.firstMessage = { seen: false, lost: 0 };
      const check = () => {
        const shown = [...document.querySelectorAll('.messages .message.user')].some((el) => (el.textContent || '').includes(text));
        if (shown) window.firstMessage.seen = true;
        else if (window.firstMessage.seen) window.firstMessage.lost += 1;
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
      const historyLoaded = page.waitForResponse((response) => response.url().includes('/api/public/history/') && response.request().method() === 'GET');
      await page.getByLabel('Message').fill(FIRST);
      await page.keyboard.press('Enter');

      // The session has started and its history has loaded (and been drawn), the reply has barely begun.
      await historyLoaded;
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      await expect(visitorBubble(page)).resolves.toEqual({ visible: true, count: 1 });
      await expect(page.locator('.message.assistant', { hasText: 'this afternoon' }).count()).resolves.toBe(0);
      await saveScreenshot(page, `chat-first-message-${name}-history-loaded`);

      // Mid-stream: half the reply is on screen, the rest still on its way.
      const partial = await waitFor(() => halfOfReply(page), { timeoutMs: 10_000, intervalMs: 20 });
      expect(REPLY).toContain(partial);
      await expect(visitorBubble(page)).resolves.toEqual({ visible: true, count: 1 });
      await saveScreenshot(page, `chat-first-message-${name}-mid-stream`);
      // Still mid-stream once the screenshot is taken: the reply is not whole yet.
      await expect(page.locator('.message.streaming').count()).resolves.toBe(1);
      await expect(page.locator('.message.assistant', { hasText: 'this afternoon' }).count()).resolves.toBe(0);

      // The whole reply: the message above it, once, and it never left the screen in between.
      await page.locator('.message.assistant', { hasText: 'this afternoon' }).waitFor();
      await expect(visitorBubble(page)).resolves.toEqual({ visible: true, count: 1 });
      await expect(page.evaluate('window.firstMessage')).resolves.toEqual({ seen: true, lost: 0 });
      const texts = (await page.locator('.messages > li .text').allTextContents()).map((text) => text.trim());
      expect(texts).toEqual(['Ask me anything about your repair.', FIRST, REPLY]);
      expect(problems).toEqual([]);
      await context.close();
    },
    60_000,
  );
});
