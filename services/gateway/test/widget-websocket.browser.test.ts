import { sha256Hex } from '@parley/auth';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

interface StatusDetail {
  connection: string;
  connected: boolean;
  transport: string | null;
}

/** Records the widget's status and message events in the page, as an embedding site would. */
async function recordEvents(page: Page): Promise<void> {
  await page.evaluate("window.told = []; for (const name of ['status', 'message']) window.chatWidget.on(name, (detail) => window.told.push({ name, detail }))");
}
const told = (page: Page) => page.evaluate('window.told') as Promise<Array<{ name: string; detail: any }>>;
const statuses = async (page: Page) => (await told(page)).filter((e) => e.name === 'status').map((e) => e.detail as StatusDetail);
const lastStatus = async (page: Page) => (await statuses(page)).at(-1);

/** Failed connections while the gateway is away are what the test causes, not faults. */
const unexpected = (problems: string[]) => problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::ERR|Failed to load resource/.test(p));

describe('the widget over its WebSocket in Chromium', () => {
  let platform: WidgetPlatform;
  let host: HostSite;
  let noSocketHost: HostSite;

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    host = await startHostSite(platform.gateway.url, platform.token);
    noSocketHost = await startHostSite(platform.gateway.url, platform.token, { webSocket: false });
  });
  afterAll(async () => {
    await host?.close();
    await noSocketHost?.close();
    await platform?.stop();
  });

  /** The conversation the page's kept session belongs to (the platform's own view of it). */
  const conversationOf = async (page: Page) => {
    const saved = JSON.parse((await page.evaluate(`localStorage.getItem('parley.chat.${platform.token}')`)) as string) as { session: string };
    const link = await platform.h.bus.request('links.links.resolve', { tokenHash: sha256Hex(platform.token) });
    const history = await platform.h.bus.request('sessions.public-history', { linkId: link.linkId, credentialHash: sha256Hex(saved.session) });
    return { conversationId: history.conversation_id, messages: history.messages };
  };

  /** A new browser context on `url`, the widget's launcher there and its events recorded; `prepare` runs before the page loads. */
  const openHost = async (
    url: string,
    options: { viewport?: { width: number; height: number }; prepare?: (page: Page, context: BrowserContext) => unknown } = {},
  ) => {
    const context = await platform.browser.newContext(options.viewport ? { viewport: options.viewport } : {});
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await options.prepare?.(page, context);
    await page.goto(url);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await recordEvents(page);
    return { context, page, problems };
  };

  it('chats over its WebSocket (the status says so), and after a gateway restart mid-conversation misses no event', async () => {
    const sentFrames: string[] = [];
    const { context, page, problems } = await openHost(host.url, {
      prepare: (opened) => opened.on('websocket', (socket) => socket.on('framesent', (frame) => sentFrames.push(String(frame.payload)))),
    });

    platform.llm.setHandler(() => ({ content: 'Which order is it?', chunkDelayMs: 20 }));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Which order is it?' }).waitFor();
    await waitFor(async () => expect(await lastStatus(page)).toEqual({ connection: 'live', connected: true, transport: 'websocket' }));
    // Even the first message went over the socket, once it had opened.
    expect(sentFrames.filter((frame) => frame.includes('"type":"message"'))).toHaveLength(1);

    // sendMessage over the socket resolves with the ack: the stored id, and the reply its events brought.
    platform.llm.setHandler(() => ({ content: 'Order BK-20417: ready on Friday.' }));
    const sent = (await page.evaluate("window.chatWidget.sendMessage('It is BK-20417')")) as { messageId: string; response: string | null };
    const { conversationId, messages } = await conversationOf(page);
    expect(messages.find((m) => m.content === 'It is BK-20417')?.id).toBe(sent.messageId);
    expect(sent.response).toBe('Order BK-20417: ready on Friday.');
    expect(sentFrames.filter((frame) => frame.includes('"type":"message"'))).toHaveLength(2);

    // The gateway goes away mid-conversation; the services go on: what they say meanwhile must arrive once.
    await platform.gateway.stop();
    await waitFor(async () => expect(await lastStatus(page)).toMatchObject({ connected: false }), { timeoutMs: 10_000 });
    const live = platform.h.live;
    if (!live) throw new Error('the widget platform serves live events');
    await live.append(conversationId, { event: 'message', data: { id: 'outage-note', role: 'assistant', content: 'Written while you were away.' } });
    await live.append(conversationId, { event: 'status', data: { state: 'idle' } });
    await platform.gateway.restart();
    await page.locator('.message.assistant', { hasText: 'Written while you were away.' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => expect(await lastStatus(page)).toEqual({ connection: 'live', connected: true, transport: 'websocket' }), { timeoutMs: 10_000 });
    // …and what comes after the reconnect too, each once.
    await live.append(conversationId, { event: 'message', data: { id: 'after-note', role: 'assistant', content: 'And this after it.' } });
    await page.locator('.message.assistant', { hasText: 'And this after it.' }).waitFor();
    expect(await page.locator('.message.assistant', { hasText: 'Written while you were away.' }).count()).toBe(1);
    const contents = (await told(page)).filter((e) => e.name === 'message').map((e) => e.detail.content as string);
    expect(contents.filter((c) => c === 'Written while you were away.')).toHaveLength(1);
    expect(contents.filter((c) => c === 'And this after it.')).toHaveLength(1);

    // A message after the restart goes over the new socket.
    platform.llm.setHandler(() => ({ content: 'Still here.' }));
    await page.getByLabel('Message').fill('Still there?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Still here.' }).waitFor();
    expect(sentFrames.filter((frame) => frame.includes('"type":"message"'))).toHaveLength(3);
    await saveScreenshot(page, 'widget-websocket-after-restart');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('shows a message whose personal data was taken out once, its stored copy in place of the one being sent', async () => {
    const link = await platform.addLink({ title: 'Spoke & Chain help', welcome_message: 'Hello! Ask us about your repair.', content_rules: { pii: 'redact' } });
    const redacting = await startHostSite(platform.gateway.url, link.token);
    for (const viewport of [
      { name: 'phone', width: 390, height: 844 },
      { name: 'desktop', width: 1440, height: 900 },
    ]) {
      const { context, page, problems } = await openHost(redacting.url, { viewport });
      await page.getByRole('button', { name: 'Open chat' }).click();
      // The session's first message opens its socket.
      platform.llm.setHandler(() => ({ content: 'Which bike is it?' }));
      await page.getByLabel('Message').fill('Hello');
      await page.keyboard.press('Enter');
      await page.locator('.message.assistant', { hasText: 'Which bike is it?' }).waitFor();
      await waitFor(async () => expect(await lastStatus(page)).toMatchObject({ connected: true, transport: 'websocket' }));
      // Every state of the pane, in the widget's shadow root: the most visitor's messages it ever showed at once.
      // The visitor's messages after their first, counted at each change of the pane.
      await page.evaluate(`(() => {
        const root = [...document.querySelectorAll('*')].find((element) => element.shadowRoot)?.shadowRoot;
        if (!root) throw new Error('the widget has no shadow root');
        window.mostSent = 0;
        const note = () => { window.mostSent = Math.max(window.mostSent, root.querySelectorAll('.message.user').length - 1); };
        new MutationObserver(note).observe(root, { subtree: true, childList: true, characterData: true });
      })()`);
      // Over the socket the send is answered after the events it caused: the stored (redacted)
      // message comes while its "sending" copy is still on screen.
      platform.llm.setHandler(() => ({ content: 'Thanks, we will write to you as soon as the bike is ready.', chunkDelayMs: 20 }));
      const sent = (await page.evaluate("window.chatWidget.sendMessage('Write to ana@example.com please')")) as { response: string | null };
      expect(sent.response).toBe('Thanks, we will write to you as soon as the bike is ready.');
      await page.locator('.message.assistant', { hasText: 'as soon as the bike is ready' }).waitFor();
      expect(await page.locator('.message.user .text').allTextContents()).toEqual(['Hello', 'Write to [email] please']);
      expect(await page.evaluate('window.mostSent')).toBe(1);
      await saveScreenshot(page, `widget-redacted-message-${viewport.name}`);
      expect(problems).toEqual([]);
      await context.close();
    }
    await redacting.close();
  });

  it('falls back to the event stream when the host page’s policy does not allow the WebSocket', async () => {
    const { context, page, problems } = await openHost(noSocketHost.url);

    platform.llm.setHandler(() => ({ content: 'Hello over the stream.', chunkDelayMs: 20 }));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Message').fill('Hi');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello over the stream.' }).waitFor();
    await waitFor(async () => expect(await lastStatus(page)).toEqual({ connection: 'live', connected: true, transport: 'sse' }));
    expect((await statuses(page)).some((s) => s.transport === 'websocket')).toBe(false);
    // The one complaint is the refused socket, once.
    expect(problems.filter((p) => /ws:\/\//.test(p)).length).toBeGreaterThan(0);
    expect(problems.filter((p) => !/ws:\/\/|connect-src/.test(p))).toEqual([]);
    platform.llm.setHandler(() => ({ content: 'Still on the stream.' }));
    const sent = (await page.evaluate("window.chatWidget.sendMessage('Again')")) as { messageId: string; response: string | null };
    expect(sent.response).toBe('Still on the stream.');
    await saveScreenshot(page, 'widget-sse-fallback');
    await context.close();
  });

  it('polls when neither the WebSocket (the host page’s policy) nor the event stream (a proxy) can be had, and chats on', async () => {
    const { context, page, problems } = await openHost(noSocketHost.url, {
      // A proxy in front of the platform that refuses event streams.
      prepare: (_page, opened) => opened.route('**/api/public/events/**', (route) => route.fulfill({ status: 502, body: 'bad gateway' })),
    });

    platform.llm.setHandler(() => ({ content: 'Hello while polling.' }));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Message').fill('Hi');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello while polling.' }).waitFor();
    await waitFor(async () => expect(await lastStatus(page)).toEqual({ connection: 'polling', connected: true, transport: 'polling' }), { timeoutMs: 15_000 });
    expect((await statuses(page)).some((s) => s.transport === 'websocket' || s.transport === 'sse')).toBe(false);
    expect(await page.evaluate('window.chatWidget.isConnected')).toBe(true);

    // A slow reply shows up piece by piece before it is complete: its deltas can only have come through the polls.
    // (Within the 5 s the test platform gives the model for a reply.)
    const REPLY = 'Your bike BK-20417 is ready: new chain, new brakes.';
    platform.llm.setHandler(() => ({ content: REPLY, chunkDelayMs: 400 }));
    const sending = page.evaluate("window.chatWidget.sendMessage('Is my bike ready?')") as Promise<{ messageId: string; response: string | null }>;
    await page.locator('.message.streaming', { hasText: 'Your bike' }).waitFor({ timeout: 15_000 });
    const sent = await sending;
    expect(sent).toEqual({ messageId: expect.any(String), response: REPLY });
    await page.locator('.message.assistant:not(.streaming)', { hasText: REPLY }).waitFor();
    await expect(page.locator('.connection').textContent()).resolves.toBe('Connected');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-polling');
    // The refused socket and streams are what the test causes; nothing else may fail.
    expect(problems.filter((p) => !/ws:\/\/|connect-src|api\/public\/events|502/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);
});
