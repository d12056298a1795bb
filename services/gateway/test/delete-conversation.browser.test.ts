import { sha256Hex } from '@parley/auth';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

/** What the page keeps of its session: the credential the visitor would erase with. */
const keptSession = (token: string) => `(JSON.parse(localStorage.getItem('parley.chat.${token}') ?? 'null') ?? {}).session ?? null`;

describe('a visitor deletes their conversation, on the chat page and in the widget, in Chromium', () => {
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

  const conversationOf = (credential: string) =>
    platform.h.ctx.db.selectFrom('text_conversations').select('id').where('credential_hash', '=', sha256Hex(credential)).executeTakeFirst();

  it('on the chat page (a phone): asks first, keeps it on "Keep it", deletes on "Delete", then starts afresh', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    platform.llm.setHandler(() => ({ content: 'Your bike is ready.' }));
    await page.goto(`${platform.gateway.url}/c/${platform.token}`);
    await page.getByLabel('Message').fill('Is my bike BK-777 ready?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Your bike is ready.' }).waitFor();
    const credential = (await page.evaluate(keptSession(platform.token))) as string;
    expect(credential).toMatch(/^pcs_/);
    const conversation = await conversationOf(credential);
    expect(conversation).toBeDefined();

    // The first button only asks; the question takes the focus on its harmless answer.
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    const question = page.getByRole('group', { name: /Delete this conversation and everything in it\?/ });
    await question.waitFor();
    await waitFor(async () => (await page.evaluate('document.activeElement?.textContent')) === 'Keep it');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-delete-confirm');
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await question.count()).toBe(0);
    await waitFor(async () => (await page.evaluate('document.activeElement?.textContent')) === 'Delete this conversation');
    expect(await page.locator('.message.user').count()).toBe(1);

    // Escape keeps it too; then "Delete" erases it.
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.keyboard.press('Escape');
    expect(await question.count()).toBe(0);
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('The conversation was deleted. Anything you write now starts a new one.').waitFor();
    expect(await page.locator('.messages .message').count()).toBe(0);
    expect(await page.evaluate(keptSession(platform.token))).toBeNull();
    expect(await page.getByRole('button', { name: 'Delete this conversation' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-delete-done');

    // On the platform: the words are gone, the credential refused.
    const left = await platform.h.ctx.db.selectFrom('text_conversation_messages').select('content').where('conversation_id', '=', conversation!.id).execute();
    expect(left).toEqual([]);
    const history = await fetch(`${platform.gateway.url}/api/public/history/${platform.token}?session=${credential}`);
    expect(history.status).toBe(401);
    // Nor is anything left to replay in the live event log.
    expect((await platform.h.live!.readAfter(conversation!.id, undefined)).events).toEqual([]);

    // A reload keeps nothing; the next message starts a fresh conversation.
    await page.reload();
    expect(await page.locator('.messages .message').count()).toBe(0);
    platform.llm.setHandler(() => ({ content: 'Hello again.' }));
    await page.getByLabel('Message').fill('A new question');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Hello again.' }).waitFor();
    const fresh = (await page.evaluate(keptSession(platform.token))) as string;
    expect(fresh).toMatch(/^pcs_/);
    expect(fresh).not.toBe(credential);
    // The live stream of the deleted conversation is closed by the page: an aborted request, nothing else.
    expect(problems.filter((p) => !/request failed: .*\/api\/public\/events\/.* net::ERR_ABORTED$/.test(p))).toEqual([]);
    await context.close();
  });

  it('in the widget: the same control deletes the conversation and empties the pane', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    platform.llm.setHandler(() => ({ content: 'We can help with that.' }));
    await page.getByLabel('Message').fill('My brakes squeak');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'We can help with that.' }).waitFor();
    const credential = await waitFor(async () => ((await page.evaluate(keptSession(platform.token))) as string | null) ?? false).catch(async (e) => {
      throw new Error(`${e} ${await page.evaluate('JSON.stringify(Object.entries(localStorage))')}`);
    });

    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.getByRole('group', { name: /Delete this conversation and everything in it\?/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-delete-confirm');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(async () => (await page.locator('.message').count()) === 0).catch(async (e) => {
      await saveScreenshot(page, 'widget-delete-failed');
      throw e;
    });
    expect(await page.evaluate(keptSession(platform.token))).toBeNull();
    expect((await fetch(`${platform.gateway.url}/api/public/history/${platform.token}?session=${credential}`)).status).toBe(401);
    await context.close();
  });
});
