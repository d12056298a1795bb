import { createLogger } from '@parley/logger';
import { type FakeLlm, lastUserMessage, launchChromium, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../src/mail/verification-mailer.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink, streamingAgent } from './public-link-fixtures.js';
import { LONG_OUTAGE_MS, type ServedGateway, serveGateway } from './served-gateway.js';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox.js';
import { showOnScreenKeyboard, streamingReplyPart } from './widget-fixtures.js';

const REPLY = 'Order **BK-20417** is ready for pickup today after three in the afternoon. Details are on [our site](https://example.com/orders).';
const HOSTILE = '<img src=x onerror=alert(1)>';

const horizontalOverflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;

/**
 * The ids of the live events the page has been handed over its event stream, as Chromium hands
 * them to its listeners: one there, the page has had every event of the log before it.
 */
async function liveEventsReceived(page: Page): Promise<Set<string>> {
  const ids = new Set<string>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.eventSourceMessageReceived', (message) => ids.add(message.eventId));
  await cdp.send('Network.enable');
  return ids;
}

/** Whether the element lies wholly between `top` and `bottom` (px from the top of the layout viewport). */
async function expectWithin(page: Page, selector: string, top: number, bottom: number) {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  const { y, height } = box as NonNullable<typeof box>;
  expect(y, `${selector} top`).toBeGreaterThanOrEqual(top);
  expect(y + height, `${selector} bottom`).toBeLessThanOrEqual(bottom);
}

describe('the public chat page /c/{token} in Chromium', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let inbox: SmtpInbox;
  let mailer: ReturnType<typeof smtpMailer>;
  let browser: Browser;
  let gateway: ServedGateway;
  let base: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    inbox = await startSmtpInbox();
    mailer = smtpMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mailer', level: 'silent' }) });
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url, mailer });
    gateway = await serveGateway(h);
    base = gateway.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    mailer?.close();
    await h?.stop();
    await inbox?.close();
    await llm?.close();
  });

  it('on a phone: welcome, a streamed Markdown reply, history after a reload, hostile HTML shown as text, a new conversation', async () => {
    const agent = await h.seedAgent(streamingAgent, 'repairs');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Spoke & Chain front desk', welcome_message: 'Hello! Ask us about your repair.', max_messages_per_session: 10 } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`${base}/c/${link.token}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Spoke & Chain front desk');
    await expect(page.locator('.agent').textContent()).resolves.toBe('repairs');
    await expect(page.locator('.welcome').textContent()).resolves.toBe('Hello! Ask us about your repair.');
    await expect(page.locator('.limits').textContent()).resolves.toBe('10 messages left');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-welcome');

    // The first message: the page starts the session first and follows its live events, so even
    // this reply shows up piece by piece before it is complete.
    const FIRST = 'Which order is it? Tell me its number, please, and I will look it up.';
    llm.setHandler(() => ({ content: FIRST, chunkDelayMs: 120 }));
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    const firstPartial = await streamingReplyPart(page, FIRST.length - 10);
    expect(FIRST).toContain(firstPartial);
    await page.locator('.message.assistant', { hasText: FIRST }).waitFor();
    await waitFor(async () => (await page.locator('.connection').textContent()) === 'Connected', { timeoutMs: 5_000 });

    // The next reply arrives piece by piece: some part of it is on screen before the whole.
    llm.setHandler(() => ({ content: REPLY, chunkDelayMs: 120 }));
    await page.getByLabel('Message').fill('Is my bike ready? It is BK-20417.');
    await page.keyboard.press('Enter');
    // The visitor's message is on screen at once (before any reply), as the last of theirs.
    await page.locator('.message.user', { hasText: 'Is my bike ready?' }).waitFor({ timeout: 5_000 });
    await expect(page.locator('.message.user').last().textContent()).resolves.toContain('Is my bike ready?');
    const partial = await streamingReplyPart(page, 60);
    expect(REPLY.replace(/\*\*|\[|\]\(https:\/\/example.com\/orders\)/g, '')).toContain(partial);
    await waitFor(async () => (await page.locator('.agent-status').textContent()) === 'repairs is typing…', { timeoutMs: 5_000, intervalMs: 20 });
    await page.locator('.messages .message.assistant strong', { hasText: 'BK-20417' }).waitFor();
    // The stored reply takes the place of the streamed one: it is shown once.
    await waitFor(async () => (await page.locator('.message.streaming').count()) === 0, { timeoutMs: 5_000 });
    await expect(page.locator('.message.assistant strong', { hasText: 'BK-20417' }).count()).resolves.toBe(1);
    await waitFor(async () => (await page.locator('.agent-status').textContent()) === '', { timeoutMs: 5_000 });
    const siteLink = page.locator('.messages .message.assistant a', { hasText: 'our site' });
    await expect(siteLink.getAttribute('href')).resolves.toBe('https://example.com/orders');
    await expect(siteLink.getAttribute('target')).resolves.toBe('_blank');
    await expect(siteLink.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // The message's own answer, which carries the count, may come in after the streamed reply.
    await expect.poll(() => page.locator('.limits').textContent()).toMatch(/^8 messages left · ends in \d+ min if idle$/);
    await expect(page.locator('.connection').textContent()).resolves.toBe('Connected');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-reply');

    // A reload finds the same conversation: the start message, the question and the reply.
    await page.reload();
    await page.locator('.message.assistant strong', { hasText: 'BK-20417' }).waitFor();
    const texts = (await page.locator('.messages > li .text').allTextContents()).map((text) => text.trim());
    expect(texts).toEqual([
      'Ask me anything about your repair.',
      'Hello',
      FIRST,
      'Is my bike ready? It is BK-20417.',
      expect.stringContaining('ready for pickup'),
    ]);

    // Markup typed by the visitor or written by the model is text, never an element.
    llm.setHandler(() => ({ content: `You wrote ${HOSTILE} – noted.` }));
    await page.getByLabel('Message').fill(HOSTILE);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message.assistant', { hasText: 'noted.' }).waitFor();
    await expect(page.locator('.message.user').last().textContent()).resolves.toContain(HOSTILE);
    await expect(page.locator('.message.assistant').last().textContent()).resolves.toContain(HOSTILE);
    await expect(page.locator('img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'chat-mobile-320');
    await page.setViewportSize({ width: 390, height: 844 });

    // "New Conversation": an empty conversation, then a new session with its own history.
    const before = await page.evaluate(`localStorage.getItem('parley.chat.${link.token}')`);
    llm.setHandler(() => ({ content: 'A fresh start.' }));
    await page.getByRole('button', { name: 'New Conversation' }).click();
    await expect(page.locator('.messages > li').count()).resolves.toBe(0);
    await page.getByLabel('Message').fill('Starting over');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'A fresh start.' }).waitFor();
    const after = await page.evaluate(`localStorage.getItem('parley.chat.${link.token}')`);
    expect(JSON.parse(String(after)).session).not.toBe(JSON.parse(String(before)).session);
    expect((await page.locator('.messages > li .text').allTextContents()).map((text) => text.trim())).toEqual([
      'Ask me anything about your repair.',
      'Starting over',
      'A fresh start.',
    ]);
    // The page closes its event stream itself on the reload and the new conversation: the
    // browser reports those as aborted requests, which are not faults.
    expect(problems.filter((p) => !/request failed: .*\/api\/public\/events\/.* net::ERR_ABORTED$/.test(p))).toEqual([]);
    await context.close();
  }, 90_000);

  it("keeps a reply's links to pages, mail and phones: a javascript: or data: link is left as its text, and no attribute of the model's reaches the page", async () => {
    const agent = await h.seedAgent(streamingAgent, 'linker');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Links desk' } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    llm.setHandler(() => ({
      content:
        'See [our site](https://example.com/a), [mail us](mailto:desk@example.com), [call](tel:+15550100), [run](javascript:alert(1)), [open](data:text/html,<b>x</b>) and ![pic](javascript:alert(2)).',
    }));
    await page.goto(`${base}/c/${link.token}`);
    await page.getByLabel('Message').fill('Where can I read more?');
    await page.keyboard.press('Enter');
    const reply = page.locator('.messages .message.assistant', { hasText: 'See our site' });
    // The reply streams in as text and becomes Markdown once whole: wait for its last link.
    await reply.locator('a', { hasText: 'pic' }).waitFor();
    const links = await reply
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
    expect(links).toEqual([
      ['our site', 'https://example.com/a', '_blank', 'noopener noreferrer'],
      ['mail us', 'mailto:desk@example.com', '_blank', 'noopener noreferrer'],
      ['call', 'tel:+15550100', '_blank', 'noopener noreferrer'],
      ['run', null, '_blank', 'noopener noreferrer'],
      ['open', null, '_blank', 'noopener noreferrer'],
      ['pic', null, '_blank', 'noopener noreferrer'],
    ]);
    // Only the attributes the page sets: href (when kept), target and rel.
    const attributes = await reply.locator('.markdown *').evaluateAll((nodes) => [...new Set(nodes.flatMap((n) => n.getAttributeNames()))].sort());
    expect(attributes).toEqual(['href', 'rel', 'target']);
    await reply.locator('a', { hasText: 'run' }).click();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('without a usable event stream, polls the history and still shows the reply; storage denied keeps the chat working', async () => {
    const agent = await h.seedAgent(streamingAgent, 'polled');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Polled desk' } as never,
      publicBaseUrl: base,
    });
    llm.setHandler(() => ({ content: 'Answered while polling.', chunkDelayMs: 30 }));
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    // A proxy that refuses event streams; and a browser that refuses site storage.
    await context.route('**/api/public/events/**', (route) => route.fulfill({ status: 502, body: 'bad gateway' }));
    await context.addInitScript("Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } })");
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    await page.getByLabel('Message').fill('Hello?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Answered while polling.' }).waitFor();
    await waitFor(async () => (await page.locator('.connection').textContent()) === 'Connected (polling)', { timeoutMs: 10_000 });
    // A slow reply shows up piece by piece before it is complete: its deltas can only have come
    // through the polls, since the stream is refused.
    llm.setHandler(() => ({ content: 'Second answer, written in several small pieces over a few seconds.', chunkDelayMs: 400 }));
    await page.getByLabel('Message').fill('And again?');
    await page.keyboard.press('Enter');
    await page.locator('.message.streaming', { hasText: 'Second answer,' }).waitFor({ timeout: 8_000 });
    await page.locator('.messages .message.assistant', { hasText: 'over a few seconds.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-polling');
    // The blocked stream is reported by the browser itself; nothing else may be.
    expect(problems.filter((p) => !/api\/public\/events|502/.test(p))).toEqual([]);
    await context.close();
    // Three refused streams before polling, then polls 2 s apart and a reply written over ~5 s:
    // about 11 s on a quiet machine, past 30 s on a loaded one.
  }, 60_000);

  it('on a phone: a message box of 16 px or more (no zoom on focus) that stays above the on-screen keyboard', async () => {
    const link = await createLink(h, { title: 'Keyboard desk', welcome_message: 'Type below.' });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    await page.getByLabel('Message').tap();
    // Under 16 px a phone zooms the page in when the field gets the focus.
    expect(await page.evaluate("parseFloat(getComputedStyle(document.getElementById('message')).fontSize)")).toBeGreaterThanOrEqual(16);

    // The keyboard takes the lower 336 px: the message box and Send stay above it, the title in view.
    await showOnScreenKeyboard(page, { height: 508, offsetTop: 0 });
    for (const selector of ['#message', '.composer button[type=submit]', 'h1']) await expectWithin(page, selector, 0, 508);
    // …also when the browser scrolled the page under it to bring the field into view.
    await showOnScreenKeyboard(page, { height: 508, offsetTop: 200 });
    for (const selector of ['#message', '.composer button[type=submit]', 'h1']) await expectWithin(page, selector, 200, 708);
    await saveScreenshot(page, 'chat-mobile-keyboard');
    // What is written there is sent and answered.
    await page.getByLabel('Message').fill('Can you see this?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Noted.' }).waitFor();
    await expectWithin(page, '#message', 200, 708);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the agent thinking while it works, and clears it when the turn fails (503): the message kept, the next try answered', async () => {
    const agent = await h.seedAgent(streamingAgent, 'workshop');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Workshop desk' } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const received = await liveEventsReceived(page);
    await page.goto(`${base}/c/${link.token}`);
    llm.setHandler(() => ({ content: 'Hello! What can I do for you?' }));
    await page.getByLabel('Message').fill('Hi');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'What can I do for you?' }).waitFor();
    await waitFor(async () => (await page.locator('.connection').textContent()) === 'Connected', { timeoutMs: 5_000 });
    const status = page.locator('.agent-status');
    await waitFor(async () => (await status.textContent()) === '', { timeoutMs: 5_000 });

    // The model fails, slowly, and the agent has no fallback text: the turn fails.
    llm.setHandler(() => ({ status: 500, delayMs: 1_500 }));
    await page.getByLabel('Message').fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await status.textContent()) === 'workshop is thinking…', { timeoutMs: 5_000, intervalMs: 20 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-thinking');
    await page.getByRole('alert').filter({ hasText: 'The agent could not answer just now. Try again.' }).waitFor({ timeout: 20_000 });
    await expect(status.textContent()).resolves.toBe('');
    // Not stuck: nothing that arrives after the refusal puts it back – once the model has no
    // answer on its way any more, and every live event the turn led to (the last in the
    // conversation's log) has reached the page.
    await waitFor(() => llm.inFlight === 0, { timeoutMs: 10_000 });
    const conversation = await h.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).executeTakeFirstOrThrow();
    const lastEvent = (await h.live?.readAfter(conversation.id, undefined))?.events.at(-1)?.id;
    await waitFor(() => lastEvent !== undefined && received.has(lastEvent), { timeoutMs: 5_000 });
    await expect(status.textContent()).resolves.toBe('');
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('Is my bike ready?');
    await expect(page.locator('.message.user', { hasText: 'Is my bike ready?' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-turn-failed');

    // The next try is answered, and the error goes.
    llm.setHandler(() => ({ content: 'Yes: BK-20417 is ready.' }));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message.assistant', { hasText: 'BK-20417 is ready.' }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await waitFor(async () => (await status.textContent()) === '', { timeoutMs: 5_000 });
    // The refused turn is an answer the page expected (503), not a fault.
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);

  it('sends a message typed while the previous request is still on its way (its reply already shown live), once it is through', async () => {
    const agent = await h.seedAgent(streamingAgent, 'counter');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Counter desk' } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    // A slow network back to the visitor: the first reply reaches the page over its event stream
    // well before the answer to the request that sent the message, held until the test lets it go.
    let delayed = 0;
    let letFirstThrough!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      letFirstThrough = resolve;
    });
    // Counted as sent when it leaves the page: its reply can be on screen, live, before its answer.
    await page.route('**/api/public/chat/**', async (route) => {
      const first = delayed++ === 0;
      const response = await route.fetch();
      if (first) await firstHeld;
      await route.fulfill({ response });
    });
    await page.goto(`${base}/c/${link.token}`);
    llm.setHandler((request) => ({ content: `Answering: ${lastUserMessage(request)}` }));
    await page.getByLabel('Message').fill('First question');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Answering: First question' }).waitFor();
    // Still on its way: the Send button says so, but Enter is taken, not dropped.
    await expect(page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Message').fill('Second question');
    await page.keyboard.press('Enter');
    // Taken and waiting: not sent while the first is on its way.
    expect(delayed).toBe(1);
    letFirstThrough();
    await page.locator('.message.assistant', { hasText: 'Answering: Second question' }).waitFor();
    await expect(page.locator('.messages .message.user').allTextContents()).resolves.toEqual(['You said:First question', 'You said:Second question']);
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('');
    expect(delayed).toBe(2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('does not send a message typed while the previous one fails: the failure is said, and what was typed stays in the box', async () => {
    const agent = await h.seedAgent(streamingAgent, 'hasty');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Hasty desk' } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    llm.setHandler(() => ({ status: 500, delayMs: 1_500 }));
    const calls = llm.requests.length;
    await page.getByLabel('Message').fill('First question');
    await page.keyboard.press('Enter');
    await page.locator('.agent-status', { hasText: 'hasty is thinking…' }).waitFor();
    await page.getByLabel('Message').fill('Second question');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'The agent could not answer just now. Try again.' }).waitFor({ timeout: 20_000 });
    // The visitor decides what to send now: it waits in the box, not shown as sent.
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('Second question');
    await expect(page.locator('.messages .message.user').count()).resolves.toBe(0);
    // …and sends it: the only message to reach the agent after the failed one. Had the page sent
    // it by itself, the box would be empty by now (Send disabled) or the agent asked it twice.
    llm.setHandler((request) => ({ content: `Answering: ${lastUserMessage(request)}` }));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message.assistant', { hasText: 'Answering: Second question' }).waitFor();
    expect(llm.requests.length - calls).toBe(2);
    await expect(page.locator('.messages .message.user').allTextContents()).resolves.toEqual(['You said:Second question']);
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('');
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
    await context.close();
  }, 40_000);

  it('reconnects by itself when the gateway restarts mid-conversation: the loss and the recovery shown, the next reply streamed', async () => {
    const agent = await h.seedAgent(streamingAgent, 'night-desk');
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Night desk' } as never,
      publicBaseUrl: base,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    llm.setHandler(() => ({ content: 'Good evening! How can I help?' }));
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'How can I help?' }).waitFor();
    const connection = page.locator('.connection');
    await waitFor(async () => (await connection.textContent()) === 'Connected', { timeoutMs: 5_000 });

    // The gateway goes away (a deploy): the page says so rather than looking connected.
    let failedPolls = 0;
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/public/history/')) failedPolls += 1;
    });
    await gateway.stop();
    await waitFor(async () => (await connection.textContent()) === 'Reconnecting…', { timeoutMs: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-reconnecting');
    // A long outage: past the event stream's tries, the page polls the history (and finds nobody there).
    await waitFor(() => failedPolls > 0, { timeoutMs: LONG_OUTAGE_MS * 2 });
    await expect(connection.textContent()).resolves.toBe('Reconnecting…');

    // Back: the page returns to the event stream by itself, without a reload – not to polling.
    await gateway.restart();
    await waitFor(async () => (await connection.textContent()) === 'Connected', { timeoutMs: 10_000 });
    const REPLY = 'Yes, we are open until ten tonight, and the workshop takes walk-ins until nine.';
    llm.setHandler(() => ({ content: REPLY, chunkDelayMs: 120 }));
    await page.getByLabel('Message').fill('Are you open late?');
    await page.keyboard.press('Enter');
    const partial = await streamingReplyPart(page, REPLY.length - 10);
    expect(REPLY).toContain(partial);
    await page.locator('.messages .message.assistant', { hasText: REPLY }).waitFor();
    await expect(page.locator('.messages .message.assistant', { hasText: REPLY }).count()).resolves.toBe(1);
    await expect(connection.textContent()).resolves.toBe('Connected');
    await expect(page.locator('.error').count()).resolves.toBe(0);
    // Requests that met the closed gateway are what the test causes; nothing else may fail.
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::ERR_|status of 503/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);

  it('explains an expired, a deactivated and an unknown link', async () => {
    const expired = await createLink(h, { title: 'Old desk' });
    const inactive = await createLink(h, { title: 'Closed desk' });
    const manage = (link: typeof expired, body: unknown) => h.admin('PUT', `/api/agents/${link.agent}/public-links/${link.id}`, body, link.tenantId);
    expect((await manage(expired, { expires_at: new Date(Date.now() - 1_000).toISOString() })).status).toBe(200);
    expect((await manage(inactive, { active: false })).status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems = await watchPage(page);
    const cases: [string, string, string][] = [
      [`/c/${expired.token}`, 'This chat link has expired', 'chat-expired'],
      [`/c/${inactive.token}`, 'This chat link has been turned off', 'chat-deactivated'],
      [`/c/${'x'.repeat(32)}`, 'This chat link does not exist', 'chat-unknown'],
      ['/c/not-a-token', 'This chat link does not exist', 'chat-malformed'],
    ];
    for (const [path, title, shot] of cases) {
      await page.goto(`${base}${path}`);
      await page.locator('h1', { hasText: title }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, shot);
    }
    // The refused API calls the page made are answers it expected, not faults.
    expect(problems.filter((p) => !/status of (404|410)/.test(p))).toEqual([]);
    await page.close();
  });

  it('asks for the passcode with the first message, says when it is wrong, and not again once the session runs', async () => {
    const link = await createLink(h, { title: 'Locked desk', passcode: 'open-sesame' });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    await page.getByLabel('Passcode').fill('wrong-guess');
    await page.getByLabel('Message').fill('Let me in');
    await page.keyboard.press('Enter');
    await expect(page.locator('#passcode-error').textContent()).resolves.toMatch(/^Wrong passcode \(\d attempts left\)\.$/);
    // The message is kept for the next try, not lost.
    await expect(page.getByLabel('Message').inputValue()).resolves.toBe('Let me in');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-mobile-passcode');
    // Enter in the passcode field submits it: with an empty message box it goes on to the message box…
    await page.getByLabel('Message').fill('');
    await page.getByLabel('Passcode').fill('open-sesame');
    await page.getByLabel('Passcode').press('Enter');
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('message');
    // …and with a message written, it sends both.
    await page.getByLabel('Message').fill('Let me in');
    await page.getByLabel('Passcode').press('Enter');
    await page.locator('.message.assistant', { hasText: 'Noted.' }).waitFor();
    await expect(page.getByLabel('Passcode').count()).resolves.toBe(0);
    // The refused first try is an answer the page expected (401), not a fault.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await page.close();
  });

  it('an address that cannot be a link gets a page dressed as the chat page, in the browser’s language (phone and desktop)', async () => {
    for (const viewport of [
      { name: 'phone', width: 390, height: 844 },
      { name: 'desktop', width: 1280, height: 800 },
    ]) {
      const context = await browser.newContext({ viewport, locale: 'de-DE', extraHTTPHeaders: { 'accept-language': 'de-DE,de;q=0.9' } });
      const page = await context.newPage();
      const problems = await watchPage(page);
      const answer = await page.goto(`${base}/c/not-a-token`);
      expect(answer?.status()).toBe(404);
      await expect(page.locator('main.gone h1').textContent()).resolves.toBe('Diesen Chat-Link gibt es nicht');
      // The chat page's stylesheet applies: not the browser's default serif face and margins.
      const look = (await page.evaluate('({ font: getComputedStyle(document.body).fontFamily })')) as { font: string };
      expect(look.font).not.toMatch(/^(?:"?Times|serif)/i);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, `chat-${viewport.name}-not-a-link`);
      expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
      await context.close();
    }
  });

  it('on a desktop: the email-verification step with the mailed code, then the chat', async () => {
    const link = await createLink(h, { title: 'Verified desk', welcome_message: 'We answer verified visitors.', require_email_verification: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${link.token}`);
    await page.getByLabel('Email address').fill('ann@example.com');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-desktop-verify-email');
    const since = inbox.mails.length;
    await page.getByRole('button', { name: 'Send the code' }).click();
    const mail = await inbox.next('ann@example.com', since);
    await page.getByLabel('6-digit code').fill(mail.code);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.message.assistant', { hasText: 'Say something.' }).waitFor();
    await page.getByLabel('Message').fill('Thanks, I am verified');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Noted.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-desktop');
    expect(problems).toEqual([]);
    await page.close();
  });
});
