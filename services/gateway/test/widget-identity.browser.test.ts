import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursFromNow, identityToken, userHash } from './identity-fixtures.js';
import { streamingAgent } from './public-link-fixtures.js';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

/**
 * A site whose users are signed in embeds the widget with their signed identity in the tag
 * (data-user-id, data-user-hash: what its backend rendered); the same user on another device is
 * offered their earlier conversation and reopens it.
 */
describe('the widget for a signed-in user, across devices, in Chromium', () => {
  let platform: WidgetPlatform;
  let token: string;
  let secret: string;
  const sites: HostSite[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    const { h } = platform;
    const agent = await h.seedAgent(streamingAgent, 'members');
    const link = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'Members help', rate_limit_per_minute: 100 }, agent.tenantId);
    token = link.body.token;
    secret = (await h.admin('POST', `/api/agents/${agent.name}/public-links/${link.body.id}/identity-secret`, undefined, agent.tenantId)).body.secret;
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const site of sites) await site.close();
    await platform?.stop();
  });

  /**
   * The site as it renders for `userId`, opened on a device of its own (its own storage): with
   * its hash, or with a token its backend signed.
   */
  async function device(userId: string, form: 'hash' | 'token' = 'hash'): Promise<{ page: Page; problems: string[] }> {
    const attributes: Record<string, string> =
      form === 'hash'
        ? { 'data-user-id': userId, 'data-user-hash': userHash(secret, userId), 'data-user-name': 'Rider' }
        : { 'data-user-token': identityToken(secret, { sub: userId, name: 'Rider', exp: hoursFromNow(1) }) };
    const site = await startHostSite(platform.gateway.url, token, { attributes });
    sites.push(site);
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('heading', { name: 'Members help' }).waitFor();
    // A signed-in user's session starts on opening: the agent greets at once.
    await page.locator('.message.assistant', { hasText: 'Ask me anything about your repair.' }).waitFor();
    return { page, problems };
  }

  it('offers the user’s earlier conversation on another device, reopens it with its history, and the chat goes on in it on both', async () => {
    const phone = await device('rider-7');
    expect(await phone.page.getByRole('navigation', { name: 'Earlier conversations' }).count()).toBe(0);
    platform.llm.setHandler(() => ({ content: 'Noted: order BK-20417.' }));
    await phone.page.getByLabel('Message').fill('My bike is BK-20417');
    await phone.page.keyboard.press('Enter');
    await phone.page.locator('.message.assistant', { hasText: 'Noted: order BK-20417.' }).waitFor();

    const laptop = await device('rider-7');
    const earlier = laptop.page.getByRole('navigation', { name: 'Earlier conversations' });
    await earlier.waitFor();
    const pick = earlier.getByRole('button', { name: /My bike is BK-20417/ });
    expect(await pick.count()).toBe(1);
    expect(await seriousViolations(laptop.page)).toEqual([]);
    await saveScreenshot(laptop.page, 'widget-earlier-conversations');

    // Picked from the keyboard, as anyone may.
    await pick.focus();
    await laptop.page.keyboard.press('Enter');
    await laptop.page.locator('.message.user', { hasText: 'My bike is BK-20417' }).waitFor();
    await laptop.page.locator('.message.assistant', { hasText: 'Noted: order BK-20417.' }).waitFor();
    // Nothing else to reopen now (where the laptop started, nothing was said), and the field has the focus.
    await waitFor(async () => (await earlier.count()) === 0, { timeoutMs: 5_000 });
    expect(await laptop.page.evaluate("document.querySelector('parley-chat-widget').shadowRoot.activeElement?.tagName")).toBe('TEXTAREA');

    platform.llm.setHandler(() => ({ content: 'It will be ready on Friday.' }));
    await laptop.page.getByLabel('Message').fill('Is it ready?');
    await laptop.page.keyboard.press('Enter');
    await laptop.page.locator('.message.assistant', { hasText: 'It will be ready on Friday.' }).waitFor();
    // The phone follows the same conversation live.
    await phone.page.locator('.message.user', { hasText: 'Is it ready?' }).waitFor();
    await phone.page.locator('.message.assistant', { hasText: 'It will be ready on Friday.' }).waitFor();
    const conversations = await platform.h.ctx.db
      .selectFrom('text_conversation_messages')
      .select('conversation_id')
      .where('content', 'in', ['My bike is BK-20417', 'Is it ready?'])
      .execute();
    expect(new Set(conversations.map((c) => c.conversation_id)).size).toBe(1);

    // A reload keeps the reopened conversation.
    await laptop.page.reload();
    await laptop.page.getByRole('button', { name: 'Open chat' }).click();
    await laptop.page.locator('.message.assistant', { hasText: 'It will be ready on Friday.' }).waitFor();
    // Event streams closed on purpose (the laptop's switching to the reopened conversation, the reload) abort; nothing else may fail.
    expect([...phone.problems, ...laptop.problems].filter((p) => !/\/api\/public\/events\/\S+ net::ERR_ABORTED$/.test(p))).toEqual([]);
  });

  it('the same user signed in with a token (data-user-token) is offered their earlier conversation too', async () => {
    const tablet = await device('rider-7', 'token');
    const earlier = tablet.page.getByRole('navigation', { name: 'Earlier conversations' });
    await earlier.waitFor();
    expect(await earlier.getByRole('button', { name: /My bike is BK-20417/ }).count()).toBe(1);
    expect(tablet.problems).toEqual([]);
  });

  it('offers nothing of theirs to another signed-in user', async () => {
    const other = await device('someone-else');
    await other.page.waitForTimeout(500);
    expect(await other.page.getByRole('navigation', { name: 'Earlier conversations' }).count()).toBe(0);
    expect(await other.page.getByText('BK-20417').count()).toBe(0);
    await saveScreenshot(other.page, 'widget-other-user');
    expect(other.problems).toEqual([]);
  });
});
