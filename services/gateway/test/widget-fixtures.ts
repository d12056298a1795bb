import { createServer, type Server } from 'node:http';
import { createLogger } from '@parley/logger';
import { type FakeLlm, launchChromium, startFakeLlm, waitFor } from '@parley/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { smtpMailer } from '../src/mail/verification-mailer.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { streamingAgent } from './public-link-fixtures.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';
import { startSmtpInbox } from './smtp-inbox.js';

/** CSS a careless or hostile host page may carry: none of it may reach the widget. */
const HOSTILE_CSS = '* { all: unset } div { display: none !important } button { background: red !important; font-size: 4px !important }';

export interface HostSite {
  url: string;
  close(): Promise<void>;
}

export interface HostSiteOptions {
  /** More attributes of the one script tag: `{ 'data-theme': 'dark' }`. */
  attributes?: Record<string, string>;
  /**
   * The site builds the widget itself: this script, served by the site as /embed.js, runs after
   * widget.js (which then has no token of its own) and calls `new ChatWidget(…)`.
   */
  embedScript?: string;
  /**
   * Whether the site's policy lets the widget open its WebSocket (`connect-src` names the
   * platform's ws:// origin too); false: only http(s) – the widget falls back to SSE.
   */
  webSocket?: boolean;
  /** More sources the site's `img-src` allows (`https:` lets a link's logo and avatar through). */
  imageSources?: string;
  /** More of the page (HTML) under its heading: a long article, say, to scroll. */
  content?: string;
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * A site on another origin, under a policy that allows scripts, styles and connections from
 * itself and the platform only – the platform's WebSocket too, unless `webSocket: false` – (no
 * inline script or style anywhere), embedding the widget with one script tag – or with a script
 * of its own (`embedScript`).
 */
export async function startHostSite(gateway: string, token: string, options: HostSiteOptions = {}): Promise<HostSite> {
  const connect = options.webSocket === false ? gateway : `${gateway} ${gateway.replace(/^http/, 'ws')}`;
  const csp = `default-src 'self'; script-src 'self' ${gateway}; style-src 'self' ${gateway}; connect-src ${connect}; img-src 'self'${options.imageSources ? ` ${options.imageSources}` : ''}`;
  const attributes = Object.entries(options.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const embed =
    options.embedScript === undefined
      ? `<script src="${gateway}/widget.js" data-token="${token}"${attributes} async></script>`
      : `<script src="${gateway}/widget.js"></script><script src="/embed.js"></script>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Spoke &amp; Chain bikes</title><link rel="stylesheet" href="/host.css"></head><body><main><h1>Spoke &amp; Chain bikes</h1><p>Repairs in two days.</p>${options.content ?? ''}</main>${embed}</body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/host.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(HOSTILE_CSS);
      return;
    }
    if (request.url === '/embed.js' && options.embedScript !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(options.embedScript);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Another host name than the gateway's 127.0.0.1: another origin, not only another port.
  const url = `http://localhost:${(server.address() as { port: number }).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The plain look of a site built with a framework (the hostile CSS would hide its own controls). */
const APP_CSS =
  'body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1f2937 } button { margin: 0 .5rem .5rem 0; padding: .4rem .8rem; font: inherit }';

/**
 * A site on another origin, under the same strict policy as startHostSite's, whose own script
 * (`appJs`, served as /app.js: a framework app built by the test) puts the widget on the page.
 * The app finds the platform and the link tokens in its element's `data-platform` and `data-tokens`.
 */
export async function startAppSite(gateway: string, tokens: string[], appJs: string): Promise<HostSite> {
  const csp = `default-src 'self'; script-src 'self' ${gateway}; style-src 'self' ${gateway}; connect-src ${gateway} ${gateway.replace(/^http/, 'ws')}; img-src 'self'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Spoke &amp; Chain bikes</title><link rel="stylesheet" href="/app.css"></head><body><main id="app" data-platform="${escapeAttribute(gateway)}" data-tokens="${escapeAttribute(tokens.join(' '))}"></main><script src="/app.js"></script></body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/app.css') return void response.writeHead(200, { 'content-type': 'text/css' }).end(APP_CSS);
    if (request.url === '/app.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(appJs);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as { port: number }).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface WidgetPlatform {
  h: GatewayHarness;
  llm: FakeLlm;
  gateway: ServedGateway;
  /** A link to the streaming agent "repairs", titled "Spoke & Chain help" with a welcome message. */
  token: string;
  /** That link's id, for changing its settings. */
  linkId: string;
  /** The tenant of its agent "repairs" (and of every link addLink makes): for the management API. */
  tenantId: string;
  /** Another link to the same agent, with these settings (a title, a welcome message…). */
  addLink(settings: Record<string, unknown>): Promise<{ token: string; id: string }>;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The platform the widget tests embed: a gateway on a port with live events, the fake LLM and
 * Chromium; with `mail`, a mailer too (on a loopback SMTP server), so links offer transcripts by email.
 */
export async function startWidgetPlatform(options: { mail?: boolean } = {}): Promise<WidgetPlatform> {
  const llm = await startFakeLlm();
  const inbox = options.mail ? await startSmtpInbox() : undefined;
  const mailer = inbox && smtpMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mail', level: 'silent' }) });
  const h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url, ...(mailer ? { mailer } : {}) });
  const gateway = await serveGateway(h);
  const agent = await h.seedAgent(streamingAgent, 'repairs');
  const addLink = (settings: Record<string, unknown>) =>
    h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      // A file's tests chat on this one link within a minute or two: more than the default 10 a minute.
      settings: { rate_limit_per_minute: 100, ...settings } as never,
      publicBaseUrl: gateway.url,
    });
  const link = await addLink({ title: 'Spoke & Chain help', welcome_message: 'Hello! Ask us about your repair.' });
  const stopServers = async () => {
    await h.stop();
    mailer?.close();
    await inbox?.close();
    await llm.close();
  };
  const browser = await launchChromium().catch(async (error: unknown) => {
    await stopServers();
    throw error;
  });
  return {
    h,
    llm,
    gateway,
    token: link.token,
    linkId: link.id,
    tenantId: agent.tenantId,
    addLink: async (settings) => {
      const added = await addLink(settings);
      return { token: added.token, id: added.id };
    },
    browser,
    async stop() {
      await browser.close();
      await stopServers();
    },
  };
}

/**
 * Emulates a phone's on-screen keyboard as iOS has it, for the widget and the chat page alike:
 * only the visual viewport shrinks (to `height`, scrolled `offsetTop` into the page) while the
 * layout viewport, and with it every fixed element, stays as it was. The page hears `resize` and
 * `scroll` on visualViewport, as it would from the keyboard.
 */
export async function showOnScreenKeyboard(page: Page, visible: { height: number; offsetTop: number }): Promise<void> {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.evaluate(`(() => {
    const v = window.visualViewport;
    Object.defineProperty(v, 'height', { configurable: true, get: () => ${visible.height} });
    Object.defineProperty(v, 'offsetTop', { configurable: true, get: () => ${visible.offsetTop} });
    v.dispatchEvent(new Event('resize'));
    v.dispatchEvent(new Event('scroll'));
  })()`);
}

/**
 * A reply caught while it streams in, for the widget and the chat page alike: the text its
 * streaming bubble shows once some of it is there and fewer than `shorterThan` characters
 * (trimmed). `scope`: the page, or the widget's pane. Looked at every 20 ms, so a reply streamed
 * in pieces (the fake LLM's `chunkDelayMs`) is caught part way.
 */
export function streamingReplyPart(scope: Page | Locator, shorterThan: number): Promise<string> {
  return waitFor(
    async () => {
      const text =
        (await scope
          .locator('.message.streaming')
          .first()
          .textContent()
          .catch(() => null)) ?? '';
      return text.length > 0 && text.length < shorterThan ? text.trim() : false;
    },
    { timeoutMs: 10_000, intervalMs: 20 },
  );
}
