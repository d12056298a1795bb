import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, showOnScreenKeyboard, startHostSite, startWidgetPlatform, streamingReplyPart, type WidgetPlatform } from './widget-fixtures.js';

const storageEntries = (page: Page) => page.evaluate('localStorage.length + sessionStorage.length') as Promise<number>;

/** Whether the element of the widget lies wholly between `top` and `bottom` (px from the top of the layout viewport). */
async function expectWithin(page: Page, selector: string, top: number, bottom: number) {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  const { y, height } = box as NonNullable<typeof box>;
  expect(y, `${selector} top`).toBeGreaterThanOrEqual(top);
  expect(y + height, `${selector} bottom`).toBeLessThanOrEqual(bottom);
}

describe('the embeddable widget /widget.js on another origin in Chromium', () => {
  let platform: WidgetPlatform;
  let host: HostSite;

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    host = await startHostSite(platform.gateway.url, platform.token);
  });
  afterAll(async () => {
    await host?.close();
    await platform?.stop();
  });

  it('is served for other origins to load, small and uncookied', async () => {
    const response = await fetch(`${platform.gateway.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('set-cookie')).toBeNull();
    const chunk = /\.\/(assets\/widget-panel-[\w-]+\.js)/.exec(await response.text())?.[1];
    expect(chunk).toBeDefined();
    const asset = await fetch(`${platform.gateway.url}/${chunk}`, { headers: { origin: 'http://localhost:1' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(asset.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('before the visitor touches it, the host page fetches only /widget.js from the platform: no API call, no cookie, no storage', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const fromPlatform: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(platform.gateway.url)) fromPlatform.push(new URL(request.url()).pathname);
    });
    await page.goto(host.url);
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.waitFor();
    await page.waitForLoadState('networkidle');
    // Time enough for anything deferred (a timer, an idle callback) to show up.
    await page.waitForTimeout(1_000);
    expect(fromPlatform).toEqual(['/widget.js']);
    expect(await context.cookies()).toEqual([]);
    expect(await storageEntries(page)).toBe(0);
    // The closed bubble in the light theme: readable and named for assistive technology.
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-closed-light');

    // The first click loads the rest of the widget and asks for the link: the record would show any earlier call.
    await bubble.click();
    await page.getByRole('heading', { name: 'Spoke & Chain help' }).waitFor();
    expect(fromPlatform).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/widget-panel-[\w-]+\.js$/), `/api/public/links/${platform.token}`]));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens and chats under a strict host policy and hostile CSS; stores nothing before it is used; survives a restart', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.waitFor();
    expect(await bubble.isVisible()).toBe(true);
    // Before the visitor engages: no cookie on either origin, no storage entry, no API call made.
    expect(await context.cookies()).toEqual([]);
    expect(await storageEntries(page)).toBe(0);

    const events: string[] = [];
    await page.exposeFunction('recordWidgetEvent', (name: string) => events.push(name));
    await page.evaluate("for (const name of ['open', 'message', 'close']) window.chatWidget.on(name, () => window.recordWidgetEvent(name))");

    await bubble.click();
    await page.getByRole('heading', { name: 'Spoke & Chain help' }).waitFor();
    await expect(page.getByText('Hello! Ask us about your repair.').isVisible()).resolves.toBe(true);
    // Opening alone writes nothing: the conversation starts with the first message.
    expect(await storageEntries(page)).toBe(0);

    // Slow pieces: the widget starts the session before the first message and follows its live
    // events, so even the first reply shows up before it is complete.
    const FIRST = 'Which order is it? Tell me its number, please, and I will look it up.';
    platform.llm.setHandler(() => ({ content: FIRST, chunkDelayMs: 120 }));
    const input = page.getByLabel('Message');
    // At least 16 px: phones do not zoom the host page when the field gets focus.
    const fontSize = await page.evaluate(
      "parseFloat(getComputedStyle(document.querySelector('parley-chat-widget').shadowRoot.querySelector('textarea')).fontSize)",
    );
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await input.fill('Hello');
    await page.keyboard.press('Enter');
    const partial = await streamingReplyPart(page, FIRST.length - 10);
    expect(FIRST).toContain(partial);
    await page.locator('.message.assistant:not(.streaming)', { hasText: FIRST }).waitFor();
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(`localStorage.getItem('parley.chat.${platform.token}') !== null`)).toBe(true);
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === true, { timeoutMs: 5_000 });
    expect(events).toContain('open');
    expect(events).toContain('message');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-open-on-host-page');

    // The platform goes away mid-conversation; a message written meanwhile waits, then goes.
    await platform.gateway.stop();
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === false, { timeoutMs: 10_000 });
    platform.llm.setHandler(() => ({ content: 'Your bike BK-20417 is ready.' }));
    await input.fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await page.locator('.message.user.queued', { hasText: 'Is my bike ready?' }).waitFor();
    await platform.gateway.restart();
    await page.locator('.message.assistant', { hasText: 'Your bike BK-20417 is ready.' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await page.locator('.message.queued').count()) === 0, { timeoutMs: 5_000 });
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === true, { timeoutMs: 10_000 });

    // A new page load keeps the conversation.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.locator('.message.assistant', { hasText: 'Your bike BK-20417 is ready.' }).waitFor();
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::ERR|Failed to load resource/.test(p))).toEqual([]);
    await context.close();
  });

  it('when the agent cannot answer (its model fails): thinking shown, then the failure said once – the message back in the box, not sent again – and the next try answered', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    platform.llm.setHandler(() => ({ content: 'Hello there.' }));
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello there.' }).waitFor();
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === true, { timeoutMs: 5_000 });
    const status = page.locator('.agent-status');

    // The model fails, slowly, and the agent has no fallback text: the turn fails.
    platform.llm.setHandler(() => ({ status: 500, delayMs: 1_500 }));
    const calls = platform.llm.requests.length;
    await page.getByLabel('Message').fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await status.textContent()) === 'repairs is thinking…', { timeoutMs: 5_000, intervalMs: 20 });
    await saveScreenshot(page, 'widget-thinking');
    await page.getByRole('alert').filter({ hasText: 'The agent could not answer just now. Try again.' }).waitFor({ timeout: 15_000 });
    await expect(status.textContent()).resolves.toBe('');
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('Is my bike ready?');
    // Longer than the widget's 2 s between tries when the platform is away: it does not send it again by itself.
    await page.waitForTimeout(5_000);
    expect(platform.llm.requests.length - calls).toBe(1);
    await expect(status.textContent()).resolves.toBe('');
    await expect(page.locator('.message.user', { hasText: 'Is my bike ready?' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-turn-failed');

    // The visitor tries again: answered, and the error goes.
    platform.llm.setHandler(() => ({ content: 'Yes: BK-20417 is ready.' }));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message.assistant', { hasText: 'BK-20417 is ready.' }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
    await context.close();
  });

  it('chats when the host page denies storage; sendMessage resolves with the stored message id and the reply', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(
      "for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, { get() { throw new DOMException('denied', 'SecurityError'); } })",
    );
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    platform.llm.setHandler(() => ({ content: 'Hello from memory.' }));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Message').fill('Hi');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello from memory.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    platform.llm.setHandler(() => ({ content: 'Still the same conversation.' }));
    const sent = (await page.evaluate("window.chatWidget.sendMessage('And again')")) as { messageId: string; response: string | null };
    await page.locator('.message.assistant', { hasText: 'Still the same conversation.' }).waitFor();
    // What the page's own call is answered with: the id the platform stored the message under, and the agent's reply.
    const stored = await platform.h.ctx.db
      .selectFrom('text_conversation_messages')
      .select(['id', 'conversation_id'])
      .where('content', '=', 'And again')
      .execute();
    expect(stored).toHaveLength(1);
    expect(sent).toEqual({ messageId: stored[0]?.id, response: 'Still the same conversation.' });
    const first = await platform.h.ctx.db.selectFrom('text_conversation_messages').select('conversation_id').where('content', '=', 'Hi').executeTakeFirst();
    expect(first?.conversation_id).toBe(stored[0]?.conversation_id);
    expect(await context.cookies()).toEqual([]);
    await saveScreenshot(page, 'widget-storage-denied');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, the open pane stays above the on-screen keyboard, its message box 16 px or more', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await page.getByRole('heading', { name: 'Spoke & Chain help' }).waitFor();
    await page.getByLabel('Message').tap();
    // Under 16 px a phone zooms the host page in when the field gets the focus.
    const fontSize = await page.evaluate(
      "parseFloat(getComputedStyle(document.querySelector('parley-chat-widget').shadowRoot.querySelector('textarea')).fontSize)",
    );
    expect(fontSize).toBeGreaterThanOrEqual(16);
    const parts = ['textarea', '.composer .send', '.close'];

    // The keyboard takes the lower 336 px: the box, Send and the pane's close button stay above it.
    await showOnScreenKeyboard(page, { height: 508, offsetTop: 0 });
    for (const selector of parts) await expectWithin(page, selector, 0, 508);
    // …also when the browser scrolled the page under it to bring the field into view.
    await showOnScreenKeyboard(page, { height: 508, offsetTop: 200 });
    for (const selector of parts) await expectWithin(page, selector, 200, 708);
    await saveScreenshot(page, 'widget-phone-keyboard');
    platform.llm.setHandler(() => ({ content: 'Typed above the keyboard, received.' }));
    await page.getByLabel('Message').fill('Can you see this?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'received.' }).waitFor();
    await expectWithin(page, 'textarea', 200, 708);

    // The keyboard gone: the pane returns to the bottom of the screen.
    await showOnScreenKeyboard(page, { height: 844, offsetTop: 0 });
    const box = await page.locator('textarea').boundingBox();
    expect(844 - ((box?.y ?? 0) + (box?.height ?? 0))).toBeLessThan(60);
    expect(problems).toEqual([]);
    await context.close();
  });
});
