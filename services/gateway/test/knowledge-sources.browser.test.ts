import { type FakeHandler, type FakeLlm, launchChromium, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import { sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';
import { type HostSite, startHostSite } from './widget-fixtures.js';

/**
 * An answer from knowledge on the chat page and in the widget (docs/public-chat-api.md "History"):
 * the markers `[n]` stay in its text, and under it "Sources" lists each cited document – a link
 * opening in a new tab when the document has an address, its title alone when not – in the
 * visitor's language, live and again from the history. Driven the real way: a knowledge base in
 * the memory service, a prompt node with `knowledge`, the model citing what the prompt numbered.
 */

const RETURNS_URL = 'https://shop.example/help/returns';
const QUESTION = 'Can I send a bike part back by post, and is it free?';

const VIEWPORTS = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
] as const;

/** The model: with passages numbered in its prompt it cites each of the first two it was given; otherwise it echoes. */
const citingModel: FakeHandler = (req) => {
  const system = (req.body.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  if (system.includes('[2] (')) return { content: 'Yes: sending a part back is free within 30 days [1]. Parcels go by post and take two days [2].' };
  if (system.includes('[1] (')) return { content: 'Yes: sending a part back is free within 30 days [1].' };
  return { content: 'I cannot tell from what I know.' };
};

/** The sources under the answer, as a visitor sees them: the heading, and each entry's markers, title and link. */
async function shownSources(answer: Locator) {
  const sources = answer.locator('.sources');
  const entries = await sources.locator('li').evaluateAll((items) =>
    items.map((item) => {
      const link = item.querySelector('a');
      return {
        markers: item.querySelector('.source-markers')?.textContent ?? '',
        title: (link?.firstChild?.textContent ?? item.querySelector('span[dir]')?.textContent ?? '').trim(),
        href: link?.getAttribute('href') ?? null,
        target: link?.getAttribute('target') ?? null,
        rel: link?.getAttribute('rel') ?? null,
      };
    }),
  );
  return { heading: (await sources.locator('.sources-title').textContent())?.trim(), entries: entries.sort((a, b) => a.markers.localeCompare(b.markers)) };
}

const EXPECTED_ENTRIES = [
  { markers: '[1]', title: 'Returns policy', href: RETURNS_URL, target: '_blank', rel: 'noopener' },
  { markers: '[2]', title: 'Shipping times', href: null, target: null, rel: null },
];

describe('sources under an answer from knowledge, in Chromium', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: ServedGateway;
  let tenantId: string;
  let agentName: string;
  const hosts: HostSite[] = [];

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(citingModel);
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    gateway = await serveGateway(h);
    browser = await launchChromium();
    const tenant = await h.seedTenant('Spoke & Chain');
    tenantId = tenant.tenantId;
    // The shop's help pages as a knowledge base: both pages answer the question, one has an address.
    const base = await h.bus.request('memory.knowledge.create-base', { tenantId, name: 'help', language: 'english' });
    const documents = await Promise.all(
      [
        { title: 'Returns policy', text: '# Returns\n\nSending a bike part back is free within 30 days. Post it back in its box with the returns form.' },
        { title: 'Shipping times', text: '# Shipping\n\nParcels go by post and take two days. A part sent back by post takes as long.' },
      ].map(({ title, text }) => h.bus.request('memory.knowledge.add-document', { tenantId, baseId: base.id, title, source: { kind: 'text', text } })),
    );
    await waitFor(
      async () => {
        const { documents: listed } = await h.bus.request('memory.knowledge.list-documents', { tenantId, baseId: base.id });
        return listed.length === 2 && listed.every((d) => d.status === 'ready');
      },
      { timeoutMs: 20_000 },
    );
    // A page read from the web keeps its address; the harness's memory service fetches no page on
    // loopback, so the returns page's address is given to its stored document here.
    await sql`UPDATE knowledge_documents SET url = ${RETURNS_URL} WHERE id = ${documents[0]?.id}`.execute(h.db);
    agentName = 'help-desk';
    const created = await h.withKey(tenant.key, 'POST', '/api/agents', {
      name: agentName,
      config: {
        llm: { model: 'fake-model' },
        workflow: {
          initial_node: 'hello',
          nodes: [
            { id: 'hello', name: 'Hello', static_text: 'Ask me about returns and shipping.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
            {
              id: 'answer',
              name: 'Answer',
              prompt: 'You answer questions about the bike shop.',
              knowledge: { bases: [base.id], top_k: 2 },
              transitions: [{ to: 'answer', condition: 'user_responded' }],
            },
          ],
        },
      },
    });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await browser?.close();
    await h?.stop();
    await llm?.close();
  });

  const linkFor = (title: string, locale: string | null) =>
    h.bus.request('links.links.create', {
      tenantId,
      agentName,
      settings: { title, welcome_message: 'Hello! Ask us about returns.', rate_limit_per_minute: 100, ...(locale ? { locale } : {}) } as never,
      publicBaseUrl: gateway.url,
    });

  async function ask(page: Page): Promise<Locator> {
    await page.getByRole('textbox').last().fill(QUESTION);
    await page.keyboard.press('Enter');
    const answer = page.locator('.message.assistant:not(.streaming)', { hasText: 'free within 30 days' });
    await answer.locator('.sources').waitFor();
    return answer;
  }

  it.each([
    { ...VIEWPORTS[0], locale: 'de', heading: 'Quellen' },
    { ...VIEWPORTS[1], locale: null, heading: 'Sources' },
  ])('the chat page on a $name lists the sources under the answer ($heading), live and after a reload', async ({ name, options, locale, heading }) => {
    const link = await linkFor(`Help ${name}`, locale);
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(`${gateway.url}/c/${link.token}`);
    await page.locator('.welcome').waitFor();

    const answer = await ask(page);
    // The markers stay in the answer's words; the sources come after them.
    await expect(answer.locator('.text').textContent()).resolves.toContain('free within 30 days [1]');
    expect(await shownSources(answer)).toEqual({ heading, entries: EXPECTED_ENTRIES });
    // The greeting and the visitor's message have no sources.
    expect(await page.locator('.message .sources').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await answer.scrollIntoViewIfNeeded();
    await saveScreenshot(page, `knowledge-sources-chat-${name}`);

    expect(problems).toEqual([]);

    // From the history, as a reloaded page draws it (the reload cuts the page's event stream: no problem of its own).
    await page.reload();
    const again = page.locator('.message.assistant', { hasText: 'free within 30 days' });
    await again.locator('.sources').waitFor();
    expect(await shownSources(again)).toEqual({ heading, entries: EXPECTED_ENTRIES });
    // The link opens the page in a new tab (the shop's page, answered here), without the chat page as its opener.
    await context.route('https://shop.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Returns</title><p>Returns are free.</p>' }),
    );
    const popup = context.waitForEvent('page');
    await again.getByRole('link', { name: /Returns policy/ }).click();
    const opened = await popup;
    expect(opened.url()).toContain('shop.example/help/returns');
    expect(await opened.evaluate('window.opener')).toBeNull();
    await opened.close();
    expect(problems.filter((p) => !/\/api\/public\/events\/.* net::ERR_ABORTED/.test(p))).toEqual([]);
    await context.close();
  });

  it.each([
    { ...VIEWPORTS[0], locale: 'ar', heading: 'المصادر' },
    { ...VIEWPORTS[1], locale: null, heading: 'Sources' },
  ])('the widget on a $name lists the sources under the answer ($heading)', async ({ name, options, locale, heading }) => {
    const link = await linkFor(`Widget help ${name}`, locale);
    const host = await startHostSite(gateway.url, link.token);
    hosts.push(host);
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    await page.locator('parley-chat-widget button').first().click();
    await page.locator('.welcome, .message.assistant').first().waitFor();

    const answer = await ask(page);
    await expect(answer.locator('.text').textContent()).resolves.toContain('free within 30 days [1]');
    expect(await shownSources(answer)).toEqual({ heading, entries: EXPECTED_ENTRIES });
    expect(await page.locator('.message .sources').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await answer.scrollIntoViewIfNeeded();
    await saveScreenshot(page, `knowledge-sources-widget-${name}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
