import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_OUTAGE_MS } from './served-gateway.js';
import { type HostSite, startHostSite, startWidgetPlatform, streamingReplyPart, type WidgetPlatform } from './widget-fixtures.js';

const VIEWPORT = { width: 1280, height: 800 };

/** WCAG's relative luminance of a computed colour (`rgb(17, 24, 39)`): 0 is black, 1 white. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const c = Number(part) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  if (r === undefined || g === undefined || b === undefined) throw new Error(`not a colour: ${colour}`);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The background and text luminance the visitor sees on an element of the widget. */
type Styles = { getComputedStyle(node: unknown): { backgroundColor: string; color: string } };
const shades = (element: Locator) =>
  element.evaluate((node) => {
    // Runs in the page; this file is compiled without the DOM's types.
    const style = (globalThis as unknown as Styles).getComputedStyle(node);
    return { background: style.backgroundColor, text: style.color };
  });

async function expectDark(element: Locator) {
  const { background, text } = await shades(element);
  expect(luminance(background), `background ${background}`).toBeLessThan(0.05);
  expect(luminance(text), `text ${text}`).toBeGreaterThan(0.7);
}

/** Within `margin` px of the viewport's bottom-left corner. */
async function expectBottomLeft(element: Locator, margin = 24) {
  const box = await element.boundingBox();
  expect(box).not.toBeNull();
  const { x, y, width, height } = box as NonNullable<typeof box>;
  expect(x).toBeLessThanOrEqual(margin);
  expect(x + width).toBeLessThan(VIEWPORT.width / 2);
  expect(VIEWPORT.height - (y + height)).toBeLessThanOrEqual(margin);
}

interface StatusDetail {
  connection: string;
  connected: boolean;
  transport: string | null;
}

/** What the widget told the host page, in order (recorded by the page's own /embed.js). */
const recorded = (page: Page) => page.evaluate('window.widgetEvents') as Promise<{ name: string; detail?: unknown }[]>;
const statuses = async (page: Page) => (await recorded(page)).filter((e) => e.name === 'status').map((e) => e.detail as StatusDetail);
const opensAndCloses = async (page: Page) => (await recorded(page)).filter((e) => e.name === 'open' || e.name === 'close').map((e) => e.name);

/** Failed requests while the gateway is away are what the test causes, not faults. */
const unexpected = (problems: string[]) => problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::ERR|Failed to load resource/.test(p));

describe("the widget's options and events in Chromium", () => {
  let platform: WidgetPlatform;
  let darkSite: HostSite;
  let ownScriptSite: HostSite;
  let frenchSite: HostSite;

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    darkSite = await startHostSite(platform.gateway.url, platform.token, {
      attributes: { 'data-theme': 'dark', 'data-position': 'bottom-left', 'data-auto-open': 'true' },
    });
    // A site that builds the widget itself and records everything it is told.
    ownScriptSite = await startHostSite(platform.gateway.url, platform.token, {
      embedScript: `window.widgetEvents = [];
window.myWidget = new ChatWidget({ backendUrl: ${JSON.stringify(platform.gateway.url)}, token: ${JSON.stringify(platform.token)}, autoOpen: true });
for (const name of ['open', 'close', 'message', 'status']) window.myWidget.on(name, (detail) => window.widgetEvents.push({ name, detail }));`,
    });
    frenchSite = await startHostSite(platform.gateway.url, platform.token, { attributes: { 'data-lang': 'fr' } });
  });
  afterAll(async () => {
    await darkSite?.close();
    await ownScriptSite?.close();
    await frenchSite?.close();
    await platform?.stop();
  });

  it('data-theme="dark", data-position="bottom-left", data-auto-open="true": open on load, dark, in the bottom-left corner', async () => {
    const context = await platform.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(darkSite.url);

    // Open without a click: the pane, with the link's title and welcome; no bubble over it.
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByText('Hello! Ask us about your repair.').waitFor();
    expect(await page.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(false);
    await expectBottomLeft(pane);

    platform.llm.setHandler(() => ({ content: 'Drop the bike off any morning; we **call you** when it is ready.' }));
    await page.getByLabel('Message').fill('When can I bring my bike?');
    await page.keyboard.press('Enter');
    const reply = page.locator('.message.assistant:not(.streaming)', { hasText: 'when it is ready' });
    await reply.waitFor();

    // Dark where the visitor looks: the pane, the welcome, the reply and the message box.
    await expectDark(pane);
    await expectDark(page.locator('.welcome'));
    await expectDark(reply);
    await expectDark(page.getByLabel('Message'));
    // …and readable: axe checks the contrast of every text in the shadow root too.
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-dark-bottom-left-open');

    // Closed, the bubble sits in the same corner, in the dark theme's colours.
    await pane.getByRole('button', { name: 'Close chat' }).click();
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.waitFor();
    expect(await pane.isVisible()).toBe(false);
    await expectBottomLeft(bubble);
    const bubbleShades = await shades(bubble);
    expect(luminance(bubbleShades.text)).toBeLessThan(0.05);
    expect(luminance(bubbleShades.background)).toBeGreaterThan(0.15);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-dark-bottom-left-closed');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('new ChatWidget({ autoOpen }) opens on load; open, close, message and status reach the page; it reconnects after a restart', async () => {
    const context = await platform.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(ownScriptSite.url);

    // autoOpen: the pane opens without a click, at the default bottom-right corner, in light colours.
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.waitFor();
    await waitFor(async () => expect(await opensAndCloses(page)).toEqual(['open']));
    // Opened for the visitor, not by them: the keyboard focus stays on the host page.
    await expect(page.evaluate('document.activeElement === document.body')).resolves.toBe(true);
    const box = (await pane.boundingBox()) as NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;
    expect(VIEWPORT.width - (box.x + box.width)).toBeLessThanOrEqual(24);
    expect(luminance((await shades(pane)).background)).toBeGreaterThan(0.9);

    // The visitor's close button, Escape, and the page's own calls all tell the page.
    await pane.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await pane.waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.evaluate('window.myWidget.openChat()');
    await page.evaluate('window.myWidget.closeChat()');
    await page.evaluate('window.myWidget.closeChat()');
    await page.evaluate('window.myWidget.openChat()');
    await waitFor(async () => expect(await opensAndCloses(page)).toEqual(['open', 'close', 'open', 'close', 'open', 'close', 'open']));
    expect(await pane.isVisible()).toBe(true);

    // Nothing to connect to before the first message; with it, the widget's WebSocket (the host allows it).
    expect(await statuses(page)).toEqual([]);
    platform.llm.setHandler(() => ({ content: 'Hi! What can I do for you?' }));
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant', { hasText: 'What can I do for you?' }).waitFor();
    await waitFor(async () => expect((await statuses(page)).at(-1)).toEqual({ connection: 'live', connected: true, transport: 'websocket' }));
    expect(await page.evaluate('window.myWidget.isConnected')).toBe(true);
    await expect(pane.locator('.connection').textContent()).resolves.toBe('Connected');
    // The reply shows while it streams; the page is told of each message once it is stored.
    const told = async () =>
      (await recorded(page)).filter((e) => e.name === 'message').map((e) => [(e.detail as { role: string }).role, (e.detail as { content: string }).content]);
    await waitFor(async () =>
      expect(await told()).toEqual([
        ['assistant', 'Ask me anything about your repair.'],
        ['user', 'Hello'],
        ['assistant', 'Hi! What can I do for you?'],
      ]),
    );

    // The platform goes away: the page is told, and so is the visitor.
    const before = (await statuses(page)).length;
    let failedProbes = 0;
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/public/history/')) failedProbes += 1;
    });
    await platform.gateway.stop();
    await waitFor(async () => expect((await statuses(page)).slice(before).at(-1)).toMatchObject({ connection: 'reconnecting', connected: false }), {
      timeoutMs: 10_000,
    });
    expect(await page.evaluate('window.myWidget.isConnected')).toBe(false);
    await pane.getByText('Reconnecting…').waitFor();

    // Back after a while – three of its probes of the history found nobody there – on its WebSocket
    // again by itself, soon: not left on the stream or polling.
    await waitFor(() => failedProbes >= 3, { timeoutMs: LONG_OUTAGE_MS * 2 });
    expect(await page.evaluate('window.myWidget.isConnected')).toBe(false);
    const lost = (await statuses(page)).length;
    await platform.gateway.restart();
    await waitFor(async () => expect((await statuses(page)).slice(lost).at(-1)).toEqual({ connection: 'live', connected: true, transport: 'websocket' }), {
      timeoutMs: 10_000,
    });
    expect(await page.evaluate('window.myWidget.isConnected')).toBe(true);
    await expect(pane.locator('.connection').textContent()).resolves.toBe('Connected');
    // Every change was told once: no repeated state in a row.
    const states = (await statuses(page)).map((s) => s.connection);
    expect(states.filter((state, i) => state === states[i - 1])).toEqual([]);

    // …and a reply after the restart streams in over it.
    const REPLY = 'Your bike BK-20417 is ready: the chain and both brakes are new.';
    platform.llm.setHandler(() => ({ content: REPLY, chunkDelayMs: 120 }));
    await page.getByLabel('Message').fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    const partial = await streamingReplyPart(pane, REPLY.length - 10);
    expect(REPLY).toContain(partial);
    await pane.locator('.message.assistant:not(.streaming)', { hasText: REPLY }).waitFor();
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  }, 60_000);

  it('data-lang="fr" speaks French in an English browser; destroy() takes the widget off the page and closes its connection', async () => {
    const context = await platform.browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const sockets: { closed: boolean }[] = [];
    page.on('websocket', (socket) => {
      const entry = { closed: false };
      sockets.push(entry);
      socket.on('close', () => {
        entry.closed = true;
      });
    });
    // What each request to the platform says of the language (its Content-Language), in order.
    const said: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/public/') && request.method() !== 'OPTIONS') said.push(request.headers()['content-language']);
    });
    await page.goto(frenchSite.url);

    // French before anything is fetched (the launcher's label), and in the pane.
    await page.getByRole('button', { name: 'Ouvrir la discussion' }).click();
    const french = page.getByRole('dialog', { name: 'Discussion : Spoke & Chain help' });
    await french.getByRole('button', { name: 'Envoyer' }).waitFor();
    platform.llm.setHandler(() => ({ content: 'Bien sûr, apportez-le lundi.' }));
    await french.getByLabel('Message').fill('Puis-je apporter mon vélo ?');
    await page.keyboard.press('Enter');
    await french.locator('.message.assistant', { hasText: 'Bien sûr, apportez-le lundi.' }).waitFor();
    await saveScreenshot(page, 'widget-data-lang-french');
    await waitFor(() => sockets.length > 0 && !sockets.some((socket) => socket.closed), { timeoutMs: 5_000 });
    // Every request says French (across origins: the host site is another one), so the visitor's mails are French too.
    expect(said.length).toBeGreaterThan(1);
    expect(new Set(said)).toEqual(new Set(['fr']));
    said.length = 0;

    // Gone: its element, the page's handle on it, its WebSocket; calling it again is harmless, opening refused.
    await page.evaluate('window.chatWidget.destroy(); window.chatWidget?.destroy()');
    expect(await page.locator('parley-chat-widget').count()).toBe(0);
    expect(await page.evaluate('window.chatWidget === undefined')).toBe(true);
    await waitFor(() => sockets.every((socket) => socket.closed), { timeoutMs: 5_000 });

    // Built again, in a language the widget does not speak (the browser's then): the conversation was kept.
    await page.evaluate(`window.again = new ChatWidget({ token: ${JSON.stringify(platform.token)}, lang: 'tlh', autoOpen: true })`);
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByRole('button', { name: 'Send' }).waitFor();
    await pane.locator('.message.assistant', { hasText: 'Bien sûr, apportez-le lundi.' }).waitFor();
    expect(await page.locator('parley-chat-widget').count()).toBe(1);
    // A language it does not speak is not said: the link's locale, else the browser's, chooses the mails' language.
    expect(said.length).toBeGreaterThan(0);
    expect(new Set(said)).toEqual(new Set([undefined]));
    await saveScreenshot(page, 'widget-rebuilt-after-destroy');
    await page.evaluate('window.again.destroy()');
    await expect(page.evaluate('window.again.openChat().then(() => "opened", (e) => e.message)')).resolves.toBe('ChatWidget: this widget was destroyed');
    expect(await page.locator('parley-chat-widget').count()).toBe(0);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
