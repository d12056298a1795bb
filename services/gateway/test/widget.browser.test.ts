
import { createServer, type Server } from 'node:http';
import { type FakeLlm, launchChromium, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { streamingAgent } from './public-link-fixtures.js';



/** CSS a careless or hostile host page may carry: none of it may reach the widget. */
const HOSTILE_CSS = '* { all: unset } div { display: none !important } button { background: red !important; font-size: 4px !important }';

/**
 * A site on another origin, under a policy that allows scripts, styles and connections from
 * itself and the platform only (no inline script or style anywhere), embedding the widget with
 * one script tag.
 */
async function startHostSite(gateway: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const csp = `default-src 'self'; script-src 'self' ${gateway}; style-src 'self' ${gateway}; connect-src ${gateway}; img-src 'self'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spoke &amp; Chain bikes</title><link rel="stylesheet" href="/host.css"></head><body><main><h1>Spoke &amp; Chain bikes</h1><p>Repairs in two days.</p></main><script src="${gateway}/widget.js" data-token="${token}" async></script></body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/host.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(HOSTILE_CSS);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Another host name than the gateway's 127.0.0.1: another origin, not only another port.
  const url = `http://localhost:${(server.address() as { port: number }).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}


const storageEntries = (page: Page) => page.evaluate('localStorage.length + sessionStorage.length') as Promise<number>;

describe('the embeddable widget /widget.js on another origin in Chromium', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: string;
  let port: number;
  let current: App;
  let host: { url: string; close(): Promise<void> };
  let token: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    current = h.app;
    await current.listen({ port: 0, host: '127.0.0.1' });
    port = (current.server.address() as { port: number }).port;
    gateway = `http://127.0.0.1:${port}`;
    const agent = await h.seedAgent(streamingAgent, 'repairs');
    const link = await h.bus.request('links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Spoke & Chain help', welcome_message: 'Hello! Ask us about your repair.' } as never,
      publicBaseUrl: gateway,
    });
    token = link.token;
    host = await startHostSite(gateway, token);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
    await llm?.close();
  });

  it('is served for other origins to load, small and uncookied', async () => {
    const response = await fetch(`${gateway}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('set-cookie')).toBeNull();
    const chunk = /\.\/(assets\/widget-panel-[\w-]+\.js)/.exec(await response.text())?.[1];
    expect(chunk).toBeDefined();
    const asset = await fetch(`${gateway}/${chunk}`, { headers: { origin: 'http://localhost:1' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(asset.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('opens and chats under a strict host policy and hostile CSS; stores nothing before it is used; survives a restart', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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
    llm.setHandler(() => ({ content: FIRST, chunkDelayMs: 120 }));
    const input = page.getByLabel('Message');
    // At least 16 px: phones do not zoom the host page when the field gets focus.
    const fontSize = await page.evaluate("parseFloat(getComputedStyle(document.querySelector('parley-chat-widget').shadowRoot.querySelector('textarea')).fontSize)");
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await input.fill('Hello');
    await page.keyboard.press('Enter');
    const partial = await waitFor(async () => {
      const text = (await page.locator('.message.streaming').first().textContent().catch(() => null)) ?? '';
      return text.length > 0 && text.length < FIRST.length - 10 ? text : false;
    }, { timeoutMs: 10_000, intervalMs: 20 });
    expect(FIRST).toContain(partial.trim());
    await page.locator('.message.assistant:not(.streaming)', { hasText: FIRST }).waitFor();
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(`localStorage.getItem('parley.chat.${token}') !== null`)).toBe(true);
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === true, { timeoutMs: 5_000 });
    expect(events).toContain('open');
    expect(events).toContain('message');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-open-on-host-page');

    // The platform goes away mid-conversation; a message written meanwhile waits, then goes.
    await current.close();
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === false, { timeoutMs: 10_000 });
    llm.setHandler(() => ({ content: 'Your bike BK-20417 is ready.' }));
    await input.fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await page.locator('.message.user.queued', { hasText: 'Is my bike ready?' }).waitFor();
    current = await h.startGateway();
    await current.listen({ port, host: '127.0.0.1' });
    await page.locator('.message.assistant', { hasText: 'Your bike BK-20417 is ready.' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await page.locator('.message.queued').count()) === 0, { timeoutMs: 5_000 });
    await waitFor(async () => (await page.evaluate('window.chatWidget.isConnected')) === true, { timeoutMs: 10_000 });

    // A new page load keeps the conversation.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.locator('.message.assistant', { hasText: 'Your bike BK-20417 is ready.' }).waitFor();
    await expect(page.evaluate("window.chatWidget.escalateConversation('human').catch((e) => e.message)")).resolves.toMatch(/not available/);
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::ERR|Failed to load resource/.test(p))).toEqual([]);
    await context.close();
  });

  it('chats when the host page denies storage', async () => {
    const context = await browser.newContext();
    await context.addInitScript(
      "for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, { get() { throw new DOMException('denied', 'SecurityError'); } })",
    );
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    llm.setHandler(() => ({ content: 'Hello from memory.' }));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Message').fill('Hi');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello from memory.' }).waitFor();
    llm.setHandler(() => ({ content: 'Still the same conversation.' }));
    await page.evaluate("window.chatWidget.sendMessage('And again')");
    await page.locator('.message.assistant', { hasText: 'Still the same conversation.' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
