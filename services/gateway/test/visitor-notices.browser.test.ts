import { replyWith, saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const REPLY = 'Your bike BK-20417 is ready.';
/** Every reply of the fake LLM spends 40 tokens: a link with a budget of 40 is spent after one. */
const TURN = { prompt: 30, completion: 10 };

const NOBODY = {
  en: 'Nobody is available right now. A person will answer here as soon as they can.',
  de: 'Gerade ist niemand erreichbar. Ein Mensch antwortet Ihnen hier, sobald es geht.',
};
const SPENT = {
  en: 'This chat has reached its limit for today. Please come back tomorrow.',
  de: 'Dieser Chat hat sein Limit für heute erreicht. Bitte kommen Sie morgen wieder.',
  ar: 'وصلت هذه المحادثة إلى حدها المسموح به لهذا اليوم. يُرجى العودة غدًا.',
};

/**
 * The platform's own words to a visitor in Chromium (docs/public-chat-api.md "Notices"): the chat
 * page and the widget show a notice's code in the visitor's language – live, and from the history
 * after a reload – while the English `content` stays for clients that do not know the code, and a
 * link's own words stay as their owner wrote them.
 */
describe("the platform's notices in the visitor's language, in Chromium", () => {
  let platform: WidgetPlatform;
  const contexts: BrowserContext[] = [];
  const hosts: HostSite[] = [];

  beforeAll(async () => {
    platform = await startWidgetPlatform();
  });
  beforeEach(() => {
    platform.llm.reset();
    platform.llm.setHandler(replyWith({ content: REPLY, usage: TURN }));
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const host of hosts) await host.close();
    await platform?.stop();
  });

  const open = async (url: string): Promise<{ page: Page; problems: string[] }> => {
    const context = await platform.browser.newContext(PHONE);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(url);
    return { page, problems };
  };

  /** A reload aborts the page's event stream: not a problem of the page. */
  const unexpected = (problems: string[]) => problems.filter((p) => !/net::ERR_ABORTED/.test(p));

  /** Sends a message from the chat page and waits until the agent is done with it. */
  const send = async (page: Page, text: string) => {
    await page.locator('#message').fill(text);
    await page.keyboard.press('Enter');
    await page.locator('.messages .message.user', { hasText: text }).waitFor();
    await waitFor(async () => (await page.locator('.agent-status').textContent()) === '', { timeoutMs: 5_000 });
  };

  it('a German chat page shows that nobody is there in German, live and after a reload', async () => {
    const link = await platform.addLink({ title: 'Spoke & Chain help', locale: 'de', offer_person: 'always' });
    const { page, problems } = await open(`${platform.gateway.url}/c/${link.token}`);
    await page.getByRole('button', { name: 'Mit einem Menschen sprechen' }).click();
    await page.locator('.escalation', { hasText: 'Sie sind als Nächstes dran' }).waitFor();
    // Nobody of the tenant has the inbox open: the pass tells the visitor, in the conversation.
    expect(await platform.h.notices.runOnce()).toBe(1);
    const notice = page.locator('.messages .message.system');
    await notice.filter({ hasText: NOBODY.de }).waitFor();
    await expect(page.getByText(NOBODY.en).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'notice-nobody-german');
    // The history carries the code too.
    await page.reload();
    await notice.filter({ hasText: NOBODY.de }).waitFor();
    await expect(page.getByText(NOBODY.en).count()).resolves.toBe(0);
    expect(unexpected(problems)).toEqual([]);
  });

  it("an Arabic chat page shows a spent budget's default words in Arabic; a link's own words stay as their owner wrote them", async () => {
    const link = await platform.addLink({ title: 'Spoke & Chain help', locale: 'ar', budget: { tokens_per_day: 40 } });
    const { page, problems } = await open(`${platform.gateway.url}/c/${link.token}`);
    await send(page, 'هل دراجتي جاهزة؟');
    await page.locator('.messages .message.assistant', { hasText: REPLY }).waitFor();
    await send(page, 'شكرًا');
    const spent = page.locator('.messages .message.assistant', { hasText: SPENT.ar });
    await spent.waitFor();
    await expect(spent.locator('.markdown').getAttribute('dir')).resolves.toBe('auto');
    await expect(page.getByText(SPENT.en).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'notice-budget-arabic');
    await page.reload();
    await spent.waitFor();
    await expect(page.getByText(SPENT.en).count()).resolves.toBe(0);
    expect(unexpected(problems)).toEqual([]);

    const own = await platform.addLink({
      title: 'Spoke & Chain help',
      locale: 'ar',
      budget: { tokens_per_day: 40 },
      budget_exhausted_message: 'We are closed for today – see you tomorrow!',
    });
    const other = await open(`${platform.gateway.url}/c/${own.token}`);
    await send(other.page, 'هل دراجتي جاهزة؟');
    await other.page.locator('.messages .message.assistant', { hasText: REPLY }).waitFor();
    await send(other.page, 'شكرًا');
    await other.page.locator('.messages .message.assistant', { hasText: 'We are closed for today – see you tomorrow!' }).waitFor();
    await expect(other.page.getByText(SPENT.ar).count()).resolves.toBe(0);
  });

  it("the widget speaks them in its language too: a German site's widget shows a spent budget's words in German", async () => {
    const link = await platform.addLink({ title: 'Spoke & Chain help', budget: { tokens_per_day: 40 } });
    const host = await startHostSite(platform.gateway.url, link.token, { attributes: { 'data-lang': 'de' } });
    hosts.push(host);
    const { page, problems } = await open(host.url);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    const input = page.getByLabel('Nachricht', { exact: true });
    await input.fill('Ist mein Rad fertig?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant:not(.streaming)', { hasText: REPLY }).waitFor();
    await input.fill('Danke');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: SPENT.de }).waitFor();
    await expect(page.getByText(SPENT.en).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'notice-budget-widget-german');
    expect(problems).toEqual([]);
  });
});
