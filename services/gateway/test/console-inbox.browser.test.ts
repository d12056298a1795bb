import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskAgent } from '../src/routes/management/escalations/escalation.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { visitorPost } from './public-link-fixtures.js';

/** An operator's answer in Markdown: a link, a list, code and a table. */
const MARKDOWN_REPLY = [
  'Your parcel is at the **Lisbon depot**. Track it on [our site](https://example.com/track).',
  '',
  '| Step | When |',
  '| :--- | ---: |',
  '| Sorted | Monday |',
  '| Delivered | Tuesday |',
  '',
  '- keep the `BK-2041` number',
].join('\n');
/** An operator's message that tries what a hostile one would: a script, a javascript: link, an image's onerror. */
const HOSTILE_REPLY = 'Look <script>window.hacked = 1</script> [here](javascript:window.hacked=2) <img src=x onerror="window.hacked=3"> now';

const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;

/**
 * The inbox as a conversation, as an operator sees it (docs/guide.md "The console"): the visitor's
 * details and variables beside the conversation's bubbles, their last message and unread count in
 * the list, internal notes, labels, the search, a confirmation before closing; and an operator's
 * Markdown as the visitor sees it on the chat page, hostile markup made harmless.
 */
describe('the inbox in Chromium', () => {
  let served: ConsoleHarness;
  let tenantId: string;
  let token: string;
  let operatorKey: string;

  beforeAll(async () => {
    served = await startConsoleHarness({ live: {} });
    const { h } = served;
    ({ tenantId } = await h.seedTenant('Harbour Post'));
    expect((await h.admin('POST', '/api/agents', { name: 'post-desk', config: deskAgent }, tenantId)).status).toBe(201);
    token = (
      await h.bus.request('links.links.create', {
        tenantId,
        agentName: 'post-desk',
        settings: {
          title: 'Harbour Post help',
          rate_limit_per_minute: 10_000,
          variables: { first_name: 'Ana', last_name: 'Lima', email: 'ana@example.com', parcel: 'BK-2041' },
        } as never,
        publicBaseUrl: served.base,
      })
    ).token;
    operatorKey = (await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name: 'Maria', role: 'operator' }, tenantId)).body.key as string;
  });
  afterAll(async () => served?.close());

  /** A visitor asks for a person and says more: their conversation waits in the inbox. */
  async function visitorAsks(first: string, then: string[]) {
    const { h } = served;
    const opened = await h.inject(visitorPost(`/api/public/chat/${token}/new`, { content: first }));
    const session = opened.body.session as string;
    const asked = await h.inject(visitorPost(`/api/public/chat/${token}/escalate`, { session, reason: 'Parcel question' }));
    expect(asked.status, asked.text).toBe(201);
    for (const content of then) expect((await h.inject(visitorPost(`/api/public/chat/${token}`, { content, session }))).status).toBe(200);
    return { session, escalationId: asked.body.escalation.id as string, conversationId: opened.body.conversation_id as string };
  }

  async function signIn(page: Page) {
    await page.goto(`${served.base}/console/inbox`);
    await page.getByLabel('API key').fill(operatorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.badge', { hasText: 'Live' }).waitFor();
  }

  it('on a desktop: the list with previews and unread counts, bubbles beside the visitor’s details, a note, a label, the search, and a confirmation before closing', async () => {
    const parcel = await visitorAsks('hi', ['My parcel never reached Lisbon', 'It was due on Friday']);
    await visitorAsks('hello', ['Can I change my delivery address?']);
    const context = await served.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await signIn(page);

    // The list: who, what they said last, how much is unread.
    const entry = page.locator(`a[data-escalation-id="${parcel.escalationId}"]`);
    await entry.waitFor();
    await expect(entry.locator('.visitor-name').textContent()).resolves.toBe('Ana Lima');
    // The list and the live stream both tell of the item: what it settles on is the visitor's last message.
    await entry.locator('.preview', { hasText: 'It was due on Friday' }).waitFor();
    await expect(entry.locator('.unread [aria-hidden]').textContent()).resolves.toBe('2');
    await expect(entry.locator('.unread .sr-only').textContent()).resolves.toBe('2 unread messages');
    // A new message of the visitor's counts up live.
    await served.h.inject(visitorPost(`/api/public/chat/${token}`, { content: 'Hello? Anyone there?', session: parcel.session }));
    await entry.locator('.preview', { hasText: 'Hello? Anyone there?' }).waitFor();
    await entry.locator('.unread [aria-hidden]', { hasText: '3' }).waitFor();

    // Opened: bubbles, the visitor's details and variables beside them; read, nothing is unread.
    await entry.click();
    const history = page.getByRole('log', { name: 'Conversation history' });
    await history.locator('.bubble.user', { hasText: 'My parcel never reached Lisbon' }).waitFor();
    await waitFor(async () => (await entry.locator('.unread').count()) === 0, { timeoutMs: 5_000 });
    const details = page.getByRole('complementary', { name: 'Visitor and conversation' });
    await expect(details.locator('[data-field="name"]').textContent()).resolves.toBe('Ana Lima');
    await expect(details.locator('[data-field="email"]').textContent()).resolves.toBe('ana@example.com');
    await details.getByText('BK-2041').waitFor();

    // A label, added beside the conversation, shows on its entry.
    await details.getByLabel('Add a label').fill('Lost parcel');
    await details.getByRole('button', { name: 'Add', exact: true }).click();
    await details.locator('.label-chip', { hasText: 'lost-parcel' }).waitFor();
    await entry.locator('.label-chip', { hasText: 'lost-parcel' }).waitFor();

    // A private note: set apart, for the operators only.
    await page.getByRole('button', { name: 'Private note' }).click();
    await page.getByLabel('Note for operators').fill('Called the depot: it is on the shelf.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = history.locator('.bubble.note', { hasText: 'Called the depot' });
    await note.waitFor();
    await expect(note.locator('.who').textContent()).resolves.toContain('Note by Maria');

    // Claimed and answered in Markdown: a link, a table, a list, as the visitor will see them.
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('claimed by Maria (you)').waitFor();
    await page.getByRole('button', { name: 'Reply' }).click();
    await page.getByLabel('Message').fill(MARKDOWN_REPLY);
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = history.locator('.bubble.operator', { hasText: 'Lisbon depot' });
    await answer.locator('table').waitFor();
    await expect(answer.locator('a').getAttribute('href')).resolves.toBe('https://example.com/track');
    await expect(answer.locator('td[align="right"]').first().textContent()).resolves.toBe('Monday');
    await expect(answer.locator('li code').textContent()).resolves.toBe('BK-2041');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-inbox-conversation-desktop');

    // The search: a word of the visitor's finds the conversation; the label filter too.
    await page.getByLabel('Search conversations').fill('Lisbon');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('region', { name: /Conversations found/ });
    await results.locator('.match', { hasText: 'My parcel never reached Lisbon' }).waitFor();
    await expect(results.locator('.inbox-list > li').count()).resolves.toBe(1);
    await page.getByLabel('Search conversations').fill('');
    await page.getByLabel('Label', { exact: true }).fill('lost-parcel');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await results.locator(`a[data-conversation-id="${parcel.conversationId}"]`).waitFor();
    await expect(results.locator('.inbox-list > li').count()).resolves.toBe(1);
    await saveScreenshot(page, 'console-inbox-search-desktop');
    await page.getByRole('button', { name: 'Clear' }).click();

    // Closing asks first: kept open, nothing changes; confirmed, it closes.
    await page.getByRole('button', { name: 'Close conversation' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Close this conversation?').waitFor();
    await saveScreenshot(page, 'console-inbox-close-confirm-desktop');
    await confirm.getByRole('button', { name: 'Keep it open' }).click();
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
    const row = () => served.h.ctx.db.selectFrom('escalations').select('state').where('id', '=', parcel.escalationId).executeTakeFirstOrThrow();
    expect((await row()).state).toBe('claimed');
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Close it' }).click();
    await waitFor(async () => (await row()).state === 'closed', { timeoutMs: 5_000 });
    expect(problems.filter((p) => !/status of 401|net::ERR_ABORTED/.test(p))).toEqual([]);
    await context.close();
  }, 90_000);

  it('on a phone: the same conversation fits 390 px, its details below it, a note and a label at hand', async () => {
    const asked = await visitorAsks('hi', ['Where is my parcel BK-2041? It has been a week and nobody answers the phone at the depot.']);
    await served.h.withKey(operatorKey, 'POST', `/api/inbox/${asked.escalationId}/notes`, { text: 'Depot closed for inventory until Monday.' });
    await served.h.withKey(operatorKey, 'PUT', `/api/conversations/${asked.conversationId}/labels`, { labels: ['depot', 'urgent'] });
    const context = await served.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page);
    const entry = page.locator(`a[data-escalation-id="${asked.escalationId}"]`);
    await entry.locator('.label-chip', { hasText: 'urgent' }).waitFor();
    await saveScreenshot(page, 'console-inbox-list-phone');
    await entry.click();
    await page.locator('.bubble.note', { hasText: 'Depot closed' }).waitFor();
    await page.getByRole('complementary', { name: 'Visitor and conversation' }).locator('.label-chip', { hasText: 'depot' }).waitFor();
    expect(await overflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-inbox-conversation-phone');
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await overflow(page)).toBe(0);
    await saveScreenshot(page, 'console-inbox-close-confirm-phone');
    await context.close();
  }, 60_000);

  it("shows an operator's Markdown to the visitor on the chat page – links, tables – and a hostile one as harmless text", async () => {
    const context = await served.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // The history the page reads once its message is through is read before the operator answers
    // and reaches the page after their answers came in live – as a busy network may have it.
    let reads = 0;
    let staleRead!: () => void;
    const read = new Promise<void>((resolve) => {
      staleRead = resolve;
    });
    let letHistoryThrough!: () => void;
    const historyHeld = new Promise<void>((resolve) => {
      letHistoryThrough = resolve;
    });
    await page.route('**/api/public/history/**', async (route) => {
      const afterSend = !new URL(route.request().url()).searchParams.has('after') && reads++ === 1;
      const response = await route.fetch();
      if (afterSend) {
        staleRead();
        await historyHeld;
      }
      await route.fulfill({ response });
    });
    await page.goto(`${served.base}/c/${token}`);
    // The workflow hands over when a human is asked for.
    await page.getByLabel('Message').fill('I want a human please');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Let me get a colleague.' }).waitFor();
    await read;
    const listed = await served.h.withKey(operatorKey, 'GET', '/api/inbox');
    const waiting = (listed.body.items as Array<{ escalation_id: string; preview: string | null }>).find((item) => item.preview === 'I want a human please');
    expect(waiting).toBeDefined();
    const id = waiting?.escalation_id as string;
    await served.h.withKey(operatorKey, 'POST', `/api/inbox/${id}/claim`);
    expect((await served.h.withKey(operatorKey, 'POST', `/api/inbox/${id}/messages`, { content: MARKDOWN_REPLY })).status).toBe(201);
    expect((await served.h.withKey(operatorKey, 'POST', `/api/inbox/${id}/messages`, { content: HOSTILE_REPLY })).status).toBe(201);
    await served.h.withKey(operatorKey, 'POST', `/api/inbox/${id}/notes`, { text: 'Never for the visitor' });

    const answer = page.locator('.message.operator', { hasText: 'Lisbon depot' });
    await answer.locator('table').waitFor();
    await page.locator('.message.operator', { hasText: 'Look' }).waitFor();
    // The older history comes: what came in live since stays on screen, once each.
    const delivered = page.waitForEvent('requestfinished', (r) => r.url().includes('/api/public/history/') && !new URL(r.url()).searchParams.has('after'));
    letHistoryThrough();
    await delivered;
    await page.evaluate('new Promise((settled) => requestAnimationFrame(() => setTimeout(settled)))');
    await expect(page.locator('.message.operator .author').allTextContents()).resolves.toEqual(['Maria', 'Maria']);
    await expect(page.locator('.message.user').count()).resolves.toBe(1);
    await expect(answer.locator('.author').textContent()).resolves.toBe('Maria');
    await expect(answer.locator('strong').textContent()).resolves.toBe('Lisbon depot');
    await expect(answer.locator('a').evaluate((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).resolves.toEqual([
      'https://example.com/track',
      '_blank',
      'noopener noreferrer',
    ]);
    await expect(answer.locator('th').allTextContents()).resolves.toEqual(['Step', 'When']);
    const hostile = page.locator('.message.operator', { hasText: 'Look' });
    await hostile.waitFor();
    // The markup shows as the text it is; the javascript: link keeps its words and loses its address; nothing ran.
    await expect(hostile.locator('script, img, [onerror]').count()).resolves.toBe(0);
    await expect(hostile.textContent()).resolves.toContain('<img src=x onerror="window.hacked=3">');
    await expect(hostile.locator('a', { hasText: 'here' }).getAttribute('href')).resolves.toBeNull();
    await hostile.locator('a', { hasText: 'here' }).click();
    const attributes = await page
      .locator('.message.operator .markdown *')
      .evaluateAll((nodes) => [...new Set(nodes.flatMap((n) => n.getAttributeNames()))].sort());
    expect(attributes).toEqual(['align', 'href', 'rel', 'target']);
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    expect(dialogs).toEqual([]);
    await expect(page.locator('.messages').textContent()).resolves.not.toContain('Never for the visitor');
    expect(await overflow(page)).toBe(0);
    await saveScreenshot(page, 'chat-page-operator-markdown');
    expect(problems.filter((p) => !/net::ERR_ABORTED/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);
});
