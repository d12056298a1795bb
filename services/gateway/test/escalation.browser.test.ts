import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

/**
 * The whole hand-over, as its two people see it: a visitor in the widget on another site asks for
 * a person; an operator in the console sees it arrive, takes it and answers; then hands it back.
 */
describe('escalation in Chromium: the widget visitor and the console operator', () => {
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

  it('asks for a person, sees the queue, the typing and the reply live; the agent answers again once handed back', async () => {
    const { h, llm, gateway } = platform;
    const agent = await h.ctx.db.selectFrom('agents').select(['tenant_id']).where('name', '=', 'repairs').executeTakeFirstOrThrow();
    const operatorKey = (await h.admin('POST', `/api/tenants/${agent.tenant_id}/keys`, { name: 'Maria' })).body.key as string;

    // The operator, signed in, with the inbox open.
    const desk = await platform.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const console = await desk.newPage();
    console.setDefaultTimeout(10_000);
    const consoleProblems = await watchPage(console);
    await console.goto(`${gateway.url}/console/inbox`);
    await console.getByLabel('API key').fill(operatorKey);
    await console.getByRole('button', { name: 'Sign in' }).click();
    await console.locator('.badge', { hasText: 'Live' }).waitFor();

    // The visitor chats with the agent in the widget, then asks for a person.
    const site = await platform.browser.newContext({ viewport: { width: 1100, height: 800 } });
    const visitor = await site.newPage();
    visitor.setDefaultTimeout(10_000);
    const visitorProblems = await watchPage(visitor);
    const escalations: unknown[] = [];
    await visitor.exposeFunction('recordEscalation', (detail: unknown) => escalations.push(detail));
    await visitor.goto(host.url);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    llm.setHandler(() => ({ content: 'Let me look into your brakes.' }));
    await visitor.getByLabel('Message').fill('My brakes squeak after the repair.');
    await visitor.keyboard.press('Enter');
    await visitor.locator('.message.assistant', { hasText: 'Let me look into your brakes.' }).waitFor();
    await visitor.evaluate("window.chatWidget.on('escalation', (detail) => window.recordEscalation(detail))");
    const created = (await visitor.evaluate("window.chatWidget.escalateConversation('Brakes still squeak')")) as { state: string; position: number };
    expect(created).toMatchObject({ state: 'waiting', position: 1 });
    await visitor.locator('.escalation', { hasText: 'Waiting for a person. You are next' }).waitFor();
    await expect(visitor.getByRole('button', { name: 'Talk to a person' }).count()).resolves.toBe(0);

    // It reaches the inbox without a reload; the operator takes it.
    const entry = console.locator('.inbox-list a', { hasText: 'Brakes still squeak' });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('waiting · #1');
    await entry.click();
    await console.getByRole('button', { name: 'Claim' }).click();
    await visitor.locator('.escalation', { hasText: 'You are talking with Maria.' }).waitFor();

    // The operator types: the visitor sees it; then the reply arrives with the operator's name.
    await console.getByLabel('Message').fill('Hi, this is Maria from the workshop. ');
    await visitor.locator('.agent-status', { hasText: 'Maria is typing…' }).waitFor();
    await console.getByLabel('Message').fill('Hi, this is Maria from the workshop. Bring it by tomorrow at 9.');
    await console.keyboard.press('Enter');
    const reply = visitor.locator('.message.operator', { hasText: 'Bring it by tomorrow at 9.' });
    await reply.waitFor();
    await expect(reply.locator('.author').textContent()).resolves.toBe('Maria');
    // The visitor answers; the operator sees the typing, then the message; the agent stays silent.
    const calls = llm.requests.length;
    await visitor.getByLabel('Message').fill('Great, see you then');
    await console.getByText('The visitor is typing…').waitFor();
    await visitor.keyboard.press('Enter');
    await console.locator('.history .bubble.user', { hasText: 'Great, see you then' }).waitFor();
    expect(llm.requests.length).toBe(calls);
    expect(await seriousViolations(visitor)).toEqual([]);
    expect(await seriousViolations(console)).toEqual([]);
    await saveScreenshot(visitor, 'escalation-widget-visitor');
    await saveScreenshot(console, 'escalation-console-operator');

    // Handed back: the next message is the agent's to answer again.
    await console.getByRole('button', { name: 'Hand back to the agent' }).click();
    await waitFor(async () => (await visitor.locator('.escalation').count()) === 0, { timeoutMs: 5_000 });
    llm.setHandler(() => ({ content: 'Anything else I can help with?' }));
    await visitor.getByLabel('Message').fill('One more question');
    await visitor.keyboard.press('Enter');
    await visitor.locator('.message.assistant', { hasText: 'Anything else I can help with?' }).waitFor();
    await waitFor(() => escalations.some((e) => (e as { state: string }).state === 'released'), { timeoutMs: 5_000 });
    expect(escalations.map((e) => (e as { state: string }).state)).toEqual(expect.arrayContaining(['waiting', 'claimed', 'released']));
    const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource|net::ERR/.test(p));
    expect(unexpected(visitorProblems)).toEqual([]);
    expect(unexpected(consoleProblems)).toEqual([]);
    await site.close();
    await desk.close();
  });

  it('on the chat page: "Talk to a person", the place in the queue, then the operator by name', async () => {
    const { h, gateway, token } = platform;
    const agent = await h.ctx.db.selectFrom('agents').select(['tenant_id']).where('name', '=', 'repairs').executeTakeFirstOrThrow();
    // The link offers a person (docs/escalation.md "Offering a person"); by default it offers none.
    const offered = await h.admin('PUT', `/api/agents/repairs/public-links/${platform.linkId}`, { offer_person: 'always' }, agent.tenant_id);
    expect(offered.status, offered.text).toBe(200);
    const operatorKey = (await h.admin('POST', `/api/tenants/${agent.tenant_id}/keys`, { name: 'Jonas' })).body.key as string;
    const context = await platform.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    platform.llm.setHandler(() => ({ content: 'I can help with that.' }));
    await page.goto(`${gateway.url}/c/${token}`);
    await page.getByLabel('Message').fill('Where is my bike?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'I can help with that.' }).waitFor();
    // The extra control still fits a phone's width.
    await expect(page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBe(0);
    await saveScreenshot(page, 'escalation-chat-page-ask');
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('.escalation', { hasText: 'Waiting for a person. You are next' }).waitFor();
    await expect(page.getByRole('button', { name: 'Talk to a person' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'escalation-chat-page-waiting');

    const [item] = (await h.withKey(operatorKey, 'GET', '/api/inbox?state=waiting')).body.items as { escalation_id: string }[];
    expect((await h.withKey(operatorKey, 'POST', `/api/inbox/${item?.escalation_id}/claim`)).status).toBe(200);
    await page.locator('.escalation', { hasText: 'You are talking with Jonas.' }).waitFor();
    expect((await h.withKey(operatorKey, 'POST', `/api/inbox/${item?.escalation_id}/messages`, { content: 'Hello, Jonas here. It is ready.' })).status).toBe(
      201,
    );
    const answer = page.locator('.message.operator', { hasText: 'It is ready.' });
    await answer.waitFor();
    await expect(answer.locator('.author').textContent()).resolves.toBe('Jonas');
    await saveScreenshot(page, 'escalation-chat-page-operator');
    await context.close();
  });
});
