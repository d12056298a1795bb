import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorKey } from '../src/routes/management/escalations/escalation.test-kit.js';
import { userHash } from './identity-fixtures.js';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

const VIEWPORT = { width: 1280, height: 800 };
const EVENTS = ['ready', 'open', 'close', 'message', 'unread', 'escalated', 'error'];

interface Told {
  name: string;
  detail?: unknown;
}
interface ToldMessage {
  id: string;
  role: string;
  content: string;
  replayed?: boolean;
}

/**
 * The host page's own script (/embed.js): builds the widget with `options` (JavaScript) and records
 * everything it is told in `window.told` – `ready` as whether it came with the widget itself.
 */
const recordingEmbed = (options: string) => `window.told = [];
window.myWidget = new ChatWidget(${options});
for (const name of ${JSON.stringify(EVENTS)}) window.myWidget.on(name, (detail) => window.told.push({ name, detail: name === 'ready' ? detail === window.myWidget : detail }));`;

const told = (page: Page) => page.evaluate('window.told') as Promise<Told[]>;
const toldOf = async (page: Page, name: string) => (await told(page)).filter((e) => e.name === name).map((e) => e.detail);
const messagesTold = async (page: Page) => (await toldOf(page, 'message')) as ToldMessage[];

/**
 * The conversation a message was said in, as the platform stored it: waited for, since a streamed
 * reply shows on the page before its turn's commit is in.
 */
async function conversationOf(platform: WidgetPlatform, content: string): Promise<string> {
  const found = await waitFor(
    async () =>
      (await platform.h.ctx.db.selectFrom('text_conversation_messages').select('conversation_id').where('content', '=', content).executeTakeFirst()) ?? false,
    { timeoutMs: 10_000 },
  );
  return found.conversation_id;
}

/** The widget's API for the page (docs/widget.md): its events and methods, on a real platform. */
describe("the widget's events and methods for the host page, in Chromium", () => {
  let platform: WidgetPlatform;
  const sites: HostSite[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startWidgetPlatform();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const site of sites) await site.close();
    await platform?.stop();
  });

  const embedding = async (token: string, options = '') => {
    const site = await startHostSite(platform.gateway.url, token, {
      embedScript: recordingEmbed(`{ backendUrl: ${JSON.stringify(platform.gateway.url)}, token: ${JSON.stringify(token)}${options ? `, ${options}` : ''} }`),
    });
    sites.push(site);
    return site;
  };
  const visit = async (site: HostSite) => {
    const context = await platform.browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(site.url);
    return { page, problems };
  };

  it('ready once it is on the page; open and close; each message once, with `replayed: true` on the history a reload shows again; unread replies counted while closed', async () => {
    const site = await embedding(platform.token);
    const { page, problems } = await visit(site);
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.waitFor();
    // Ready, with the widget itself – heard although it came before the page listened – and nothing else before it is used.
    expect(await told(page)).toEqual([{ name: 'ready', detail: true }]);

    await bubble.click();
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByRole('button', { name: 'Send' }).waitFor();
    platform.llm.setHandler(() => ({ content: 'Hello! Which bike is it?' }));
    await page.getByLabel('Message').fill('Hello');
    await page.keyboard.press('Enter');
    // The reply whole (not while it streams in): it came while the pane was open.
    await pane.locator('.message.assistant:not(.streaming)', { hasText: 'Which bike is it?' }).waitFor();
    await page.evaluate('window.myWidget.close()');
    expect(await pane.isVisible()).toBe(false);

    // Closed, the page sends two messages: each reply counts on the launcher and is told to the page.
    platform.llm.setHandler(() => ({ content: 'The Brompton is ready.' }));
    await page.evaluate("window.myWidget.sendMessage('Is my Brompton ready?')");
    platform.llm.setHandler(() => ({ content: 'We close at six.' }));
    await page.evaluate("window.myWidget.sendMessage('When do you close?')");
    await waitFor(async () => expect(await toldOf(page, 'unread')).toEqual([1, 2]));
    const counted = page.getByRole('button', { name: 'Open chat (2)' });
    await counted.waitFor();
    expect(await counted.getAttribute('data-unread')).toBe('2');
    expect(await page.evaluate('window.myWidget.unread')).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-unread-count');

    // Opened: read, the count back to 0.
    await counted.click();
    await pane.locator('.message.assistant', { hasText: 'We close at six.' }).waitFor();
    await waitFor(async () => expect(await toldOf(page, 'unread')).toEqual([1, 2, 0]));
    expect((await told(page)).map((e) => e.name).filter((name) => name === 'open' || name === 'close')).toEqual(['open', 'close', 'open']);
    expect(await page.locator('parley-chat-widget .bubble').getAttribute('data-unread')).toBeNull();
    const said = [
      ['assistant', 'Ask me anything about your repair.'],
      ['user', 'Hello'],
      ['assistant', 'Hello! Which bike is it?'],
      ['user', 'Is my Brompton ready?'],
      ['assistant', 'The Brompton is ready.'],
      ['user', 'When do you close?'],
      ['assistant', 'We close at six.'],
    ];
    // Each message once, none of them a replay.
    await waitFor(async () => expect((await messagesTold(page)).map((m) => [m.role, m.content])).toEqual(said));
    const first = await messagesTold(page);
    expect(first.filter((m) => 'replayed' in m)).toEqual([]);

    // A reload shows the conversation again: every message of it told as a replay, nothing counted unread.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await pane.locator('.message.assistant', { hasText: 'We close at six.' }).waitFor();
    await waitFor(async () => expect((await messagesTold(page)).length).toBe(said.length));
    const replayed = await messagesTold(page);
    expect(replayed.map((m) => [m.id, m.role, m.content, m.replayed])).toEqual(first.map((m) => [m.id, m.role, m.content, true]));
    // …and what is said after it is new.
    platform.llm.setHandler(() => ({ content: 'See you tomorrow.' }));
    await page.getByLabel('Message').fill('Thanks');
    await page.keyboard.press('Enter');
    await waitFor(async () =>
      expect((await messagesTold(page)).slice(said.length).map((m) => [m.role, m.content, m.replayed])).toEqual([
        ['user', 'Thanks', undefined],
        ['assistant', 'See you tomorrow.', undefined],
      ]),
    );
    expect(await toldOf(page, 'unread')).toEqual([]);
    expect(await toldOf(page, 'ready')).toEqual([true]);
    expect(problems).toEqual([]);
  });

  it('hide() takes the launcher away while the page opens the pane itself; closing gives the focus back to the page’s own control; show() brings the launcher back', async () => {
    const site = await startHostSite(platform.gateway.url, platform.token, {
      content: '<button id="help" type="button">Need help?</button>',
      embedScript: `${recordingEmbed(`{ backendUrl: ${JSON.stringify(platform.gateway.url)}, token: ${JSON.stringify(platform.token)} }`)}
window.myWidget.hide();
document.getElementById('help').addEventListener('click', () => window.myWidget.open());`,
    });
    sites.push(site);
    const { page, problems } = await visit(site);
    await waitFor(async () => expect(await toldOf(page, 'ready')).toEqual([true]));
    expect(await page.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(false);

    const help = page.locator('#help');
    await help.focus();
    await page.keyboard.press('Enter');
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByRole('button', { name: 'Send' }).waitFor();
    await waitFor(async () => (await page.evaluate("document.querySelector('parley-chat-widget').shadowRoot.activeElement?.tagName")) === 'TEXTAREA');
    await page.keyboard.press('Escape');
    expect(await pane.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(false);
    expect(await page.evaluate('document.activeElement?.id')).toBe('help');

    await page.evaluate('window.myWidget.show()');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect((await told(page)).map((e) => e.name)).toEqual(['ready', 'open', 'close']);
    expect(problems).toEqual([]);
  });

  it('prefill(text) puts the text in the message box and opens the pane without sending it; the visitor sends it', async () => {
    const site = await embedding(platform.token);
    const { page, problems } = await visit(site);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    const requests = platform.llm.requests.length;
    await page.evaluate("window.myWidget.prefill('I would like to book a service for my Brompton')");
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    const field = pane.getByLabel('Message');
    await waitFor(async () => (await field.inputValue()) === 'I would like to book a service for my Brompton');
    // The box has the focus: the visitor can change the text, or send it.
    await waitFor(async () => (await page.evaluate("document.querySelector('parley-chat-widget').shadowRoot.activeElement?.tagName")) === 'TEXTAREA');
    expect(await toldOf(page, 'open')).toHaveLength(1);
    expect(await toldOf(page, 'message')).toEqual([]);
    expect(await pane.locator('.message.user').count()).toBe(0);
    expect(platform.llm.requests.length).toBe(requests);
    expect(await page.evaluate(`localStorage.getItem('parley.chat.${platform.token}')`)).toBeNull();
    await saveScreenshot(page, 'widget-prefilled');

    platform.llm.setHandler(() => ({ content: 'Tuesday at nine works.' }));
    await page.keyboard.type(' on Tuesday');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant:not(.streaming)', { hasText: 'Tuesday at nine works.' }).waitFor();
    await waitFor(async () =>
      expect((await messagesTold(page)).filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
        'I would like to book a service for my Brompton on Tuesday',
      ]),
    );
    expect(problems).toEqual([]);
  });

  it('escalated once when the conversation goes to a person – not again on a reload – and a person’s reply while closed counts unread; error tells the page a failure the pane shows, with its code', async () => {
    const { token } = await platform.addLink({ title: 'Spoke & Chain desk', offer_person: 'always' });
    const site = await embedding(token);
    const { page, problems } = await visit(site);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain desk' });
    platform.llm.setHandler(() => ({ content: 'I can look that up.' }));
    await pane.getByLabel('Message').fill('My invoice is wrong');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant:not(.streaming)', { hasText: 'I can look that up.' }).waitFor();

    await pane.getByRole('button', { name: 'Talk to a person' }).click();
    await waitFor(async () => expect(await toldOf(page, 'escalated')).toHaveLength(1));
    const [escalation] = (await toldOf(page, 'escalated')) as { id: string; state: string }[];
    expect(escalation?.state).toBe('waiting');

    // A person takes it and answers while the visitor has the pane closed.
    await page.evaluate('window.myWidget.close()');
    const key = await operatorKey(platform.h, platform.tenantId, 'Mia');
    expect((await platform.h.withKey(key, 'POST', `/api/inbox/${escalation?.id}/claim`)).status).toBe(200);
    const answered = await platform.h.withKey(key, 'POST', `/api/inbox/${escalation?.id}/messages`, { content: 'Hi, Mia here: I have fixed the invoice.' });
    expect(answered.status, answered.text).toBe(201);
    await waitFor(async () => expect(await toldOf(page, 'unread')).toEqual([1]));
    const [fromMia] = (await messagesTold(page)).filter((m) => m.role === 'operator');
    expect(fromMia).toMatchObject({ content: 'Hi, Mia here: I have fixed the invoice.' });
    expect(fromMia?.replayed).toBeUndefined();

    // The same request is not told again when the page loads anew and its events come again.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await pane.locator('.message.operator', { hasText: 'I have fixed the invoice.' }).waitFor();
    await pane.locator('.escalation').waitFor();
    expect(await toldOf(page, 'escalated')).toEqual([]);
    expect(await toldOf(page, 'error')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('error: the agent failing to answer, as the pane says it, with its code', async () => {
    const site = await embedding(platform.token);
    const { page, problems } = await visit(site);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    platform.llm.setHandler(() => ({ status: 500 }));
    await pane.getByLabel('Message').fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await pane.getByRole('alert').filter({ hasText: 'The agent could not answer just now. Try again.' }).waitFor();
    expect(await toldOf(page, 'error')).toEqual([{ code: 'unavailable', message: 'The agent could not answer just now. Try again.' }]);
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
  });

  it("setContext: the page and its variables reach the agent and the conversation's collected data under `context.`; set once a conversation is under way, they go with its next message", async () => {
    // An agent whose prompt uses what the page says.
    const agent = await platform.h.seedAgent(
      {
        llm: { model: 'gpt-4o-mini' },
        workflow: {
          initial_node: 'hello',
          nodes: [
            { id: 'hello', name: 'Hello', static_text: 'Ask me about your plan.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
            { id: 'answer', name: 'Answer', prompt: 'The visitor is on the {{context.plan}} plan and reads {{context.page}}.' },
          ],
        },
      },
      'plans',
    );
    const link = await platform.h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Plans help', rate_limit_per_minute: 100 } as never,
      publicBaseUrl: platform.gateway.url,
    });
    const site = await embedding(link.token);
    const { page, problems } = await visit(site);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.evaluate("window.myWidget.setContext({ page: '/pricing?tab=teams', variables: { plan: 'pro', seats: 12, trial: false } })");
    // What the platform would refuse is refused at once, the context kept as it was.
    const refused = await page.evaluate(
      `[{ variables: { 'plan name': 'pro' } }, { variables: { note: 'x'.repeat(1001) } }, { page: '/a', variables: { page: '/b' } }, { variables: Object.fromEntries(Array.from({ length: 21 }, (_, i) => ['v' + i, 'x'])) }]
        .map((context) => { try { window.myWidget.setContext(context); return 'taken'; } catch (e) { return e.message; } })`,
    );
    expect(refused).toEqual(Array(4).fill(expect.stringMatching(/^ChatWidget: a context has at most 20 variables/)));

    platform.llm.setHandler(() => ({ content: 'The pro plan has twelve seats.' }));
    await page.evaluate("window.myWidget.sendMessage('How many seats do I have?')");
    const first = await conversationOf(platform, 'How many seats do I have?');
    const view = await platform.h.admin('GET', `/api/conversations/${first}`, undefined, agent.tenantId);
    expect(view.status, view.text).toBe(200);
    expect(view.body.collected_data).toEqual({
      'context.page': '/pricing?tab=teams',
      'context.plan': 'pro',
      'context.seats': '12',
      'context.trial': 'false',
    });
    // The agent had it in its prompt.
    const prompt = platform.llm.requests.at(-1)?.body.messages?.[0]?.content;
    expect(prompt).toContain('The visitor is on the pro plan and reads /pricing?tab=teams.');

    // The page moves on: the conversation under way gets it with the next message – the plan new, the page and the rest as they were…
    await page.evaluate("window.myWidget.setContext({ variables: { plan: 'team' } })");
    platform.llm.setHandler(() => ({ content: 'The team plan, then.' }));
    await page.evaluate("window.myWidget.sendMessage('And now?')");
    expect(await conversationOf(platform, 'And now?')).toBe(first);
    expect((await platform.h.admin('GET', `/api/conversations/${first}`, undefined, agent.tenantId)).body.collected_data).toEqual({
      'context.page': '/pricing?tab=teams',
      'context.plan': 'team',
      'context.seats': '12',
      'context.trial': 'false',
    });
    expect(platform.llm.requests.at(-1)?.body.messages?.[0]?.content).toContain('The visitor is on the team plan and reads /pricing?tab=teams.');

    // …and the next conversation (this one deleted) starts with the new one, the page no longer in it.
    await page.evaluate('window.myWidget.open()');
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(async () => (await page.locator('parley-chat-widget .message').count()) === 0);
    platform.llm.setHandler(() => ({ content: 'The team plan it is.' }));
    await page.getByLabel('Message').fill('Which plan now?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'The team plan it is.' }).waitFor();
    const next = await conversationOf(platform, 'Which plan now?');
    expect(next).not.toBe(first);
    expect((await platform.h.admin('GET', `/api/conversations/${next}`, undefined, agent.tenantId)).body.collected_data).toEqual({ 'context.plan': 'team' });
    expect(problems).toEqual([]);
  });

  it('setUser signs a user in without a rebuild, switches to another (each their own conversation), and signs out; a link for signed-in users only opens once one is', async () => {
    const { h } = platform;
    const link = await platform.addLink({ title: 'Members help', require_identity: true });
    const made = await h.admin('POST', `/api/agents/repairs/public-links/${link.id}/identity-secret`, undefined, platform.tenantId);
    expect(made.status, made.text).toBe(200);
    const secret = made.body.secret as string;
    const user = (id: string) => ({ user_id: id, user_hash: userHash(secret, id), name: `Rider ${id}` });
    const ownerOf = async (content: string) =>
      (
        await h.ctx.db
          .selectFrom('text_conversations')
          .select('user_id')
          .where('id', '=', await conversationOf(platform, content))
          .executeTakeFirst()
      )?.user_id;

    const site = await embedding(link.token);
    const { page, problems } = await visit(site);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const pane = page.getByRole('dialog', { name: 'Chat: Members help' });
    // Nobody signed in: the pane says why it cannot be used, and the page hears it.
    await pane.getByRole('alert').waitFor();
    await waitFor(async () => expect(await toldOf(page, 'error')).toEqual([{ code: 'unauthorized', message: await pane.getByRole('alert').textContent() }]));

    // The visitor signs in on the page: the open pane starts their session, the agent greets.
    await page.evaluate(`window.myWidget.setUser(${JSON.stringify(user('ana'))})`);
    await pane.locator('.message.assistant', { hasText: 'Ask me anything about your repair.' }).waitFor();
    expect(await pane.getByRole('alert').count()).toBe(0);
    platform.llm.setHandler(() => ({ content: 'Noted, Ana.' }));
    await pane.getByLabel('Message').fill('This is Ana speaking');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant', { hasText: 'Noted, Ana.' }).waitFor();
    expect(await ownerOf('This is Ana speaking')).toBe('ana');
    // The same user again (a fresh hash from the page's backend) goes on in their conversation.
    await page.evaluate(`window.myWidget.setUser(${JSON.stringify({ ...user('ana'), email: 'ana@example.org' })})`);
    await pane.locator('.message.user', { hasText: 'This is Ana speaking' }).waitFor();

    // Another user: Ana's conversation leaves the pane; Ben gets his own.
    await page.evaluate(`window.myWidget.setUser(${JSON.stringify(user('ben'))})`);
    await waitFor(async () => (await pane.locator('.message.user', { hasText: 'This is Ana speaking' }).count()) === 0);
    await pane.locator('.message.assistant', { hasText: 'Ask me anything about your repair.' }).waitFor();
    platform.llm.setHandler(() => ({ content: 'Noted, Ben.' }));
    await pane.getByLabel('Message').fill('Ben here');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant', { hasText: 'Noted, Ben.' }).waitFor();
    expect(await ownerOf('Ben here')).toBe('ben');
    expect(await page.evaluate(`JSON.parse(localStorage.getItem('parley.chat.${link.token}')).userId`)).toBe('ben');
    await saveScreenshot(page, 'widget-set-user');

    // Ana signs in again: hers is offered among her earlier conversations, none of Ben's.
    await page.evaluate(`window.myWidget.setUser(${JSON.stringify(user('ana'))})`);
    const earlier = pane.getByRole('navigation', { name: 'Earlier conversations' });
    await earlier.getByRole('button', { name: /This is Ana speaking/ }).waitFor();
    expect(await pane.getByText('Ben here').count()).toBe(0);

    // Signed out: nothing of Ana's stays in the pane or the browser, and the link says it is for signed-in users.
    await page.evaluate('window.myWidget.setUser(null)');
    await pane.getByRole('alert').waitFor();
    expect(await pane.getByText('This is Ana speaking').count()).toBe(0);
    expect(await page.evaluate(`localStorage.getItem('parley.chat.${link.token}')`)).toBeNull();
    expect(await page.locator('parley-chat-widget').count()).toBe(1);
    expect(await toldOf(page, 'ready')).toEqual([true]);
    // Each switch closes the conversation before it: a live connection still opening is closed, as it should be.
    expect(
      problems.filter((p) => !/\/api\/public\/(events|ws)\/\S+ net::ERR_ABORTED$|WebSocket is closed before the connection is established/.test(p)),
    ).toEqual([]);
  });
});
