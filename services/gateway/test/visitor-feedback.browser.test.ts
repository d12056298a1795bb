import { type FakeLlm, saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from './gateway-harness.js';
import type { ServedGateway } from './served-gateway.js';
import { filesLink, PHONE, startVisitorPages, type VisitorPages } from './visitor-files-fixtures.js';

/** The visitor's credential, as the page keeps it. */
const sessionOf = async (page: Page, token: string) =>
  JSON.parse(String(await page.evaluate(`localStorage.getItem('parley.chat.${token}')`))).session as string;

describe('thumbs and the end-of-conversation rating on the chat page in Chromium', () => {
  let pages: VisitorPages;
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: ServedGateway;

  beforeAll(async () => {
    pages = await startVisitorPages();
    ({ h, llm, browser, gateway } = pages);
  });
  afterAll(async () => pages?.stop());

  it('a thumb on an answer, changed with a comment, kept across a reload; when the conversation ends, a 1–5 rating asked once', async () => {
    const link = await filesLink(h, gateway.url);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${gateway.url}/c/${link.token}`);
    llm.setHandler(() => ({ content: 'Bring the bike in on Monday.' }));
    await page.getByLabel('Message').fill('When can I bring my bike?');
    await page.keyboard.press('Enter');
    const answer = page.locator('.message.assistant', { hasText: 'Bring the bike in on Monday.' });
    await answer.waitFor();
    // Only answers get thumbs: the agent's, not the visitor's own messages.
    await expect(page.locator('.message.user .thumbs').count()).resolves.toBe(0);

    const helpful = answer.getByRole('button', { name: 'Helpful', exact: true });
    const notHelpful = answer.getByRole('button', { name: 'Not helpful' });
    await expect(helpful.getAttribute('aria-pressed')).resolves.toBe('false');
    await helpful.click();
    await waitFor(async () => (await helpful.getAttribute('aria-pressed')) === 'true', { timeoutMs: 5_000 });
    const history = async () => {
      const answer = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${await sessionOf(page, link.token)}` });
      return answer.body as {
        messages: Array<{ id: string; role: string; content: string; feedback?: string }>;
        rating: { score: number; comment: string | null } | null;
      };
    };
    await waitFor(async () => (await history()).messages.find((m) => m.content === 'Bring the bike in on Monday.')?.feedback === 'up', { timeoutMs: 5_000 });

    // A second choice replaces the first; after a thumb down the visitor may say what was wrong.
    await notHelpful.click();
    await waitFor(async () => (await notHelpful.getAttribute('aria-pressed')) === 'true', { timeoutMs: 5_000 });
    await expect(helpful.getAttribute('aria-pressed')).resolves.toBe('false');
    await answer.getByRole('textbox', { name: 'What was wrong? (optional)' }).fill('I asked about Saturday.');
    await answer.getByRole('button', { name: 'Send' }).click();
    await answer.getByRole('status').filter({ hasText: 'Thank you for your feedback.' }).waitFor();
    await waitFor(async () => (await history()).messages.find((m) => m.content === 'Bring the bike in on Monday.')?.feedback === 'down', { timeoutMs: 5_000 });

    await page.reload();
    await answer.waitFor();
    await expect(notHelpful.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(helpful.getAttribute('aria-pressed')).resolves.toBe('false');

    // "bye" ends the conversation: the page asks once how the visitor rates it.
    await page.getByLabel('Message').fill('Thanks, bye');
    await page.keyboard.press('Enter');
    const question = page.getByRole('group', { name: 'How would you rate this conversation?' });
    await question.waitFor();
    await expect(question.getByRole('radio').count()).resolves.toBe(5);
    // Ended: no idle countdown and no connection state are left to show.
    await expect(page.locator('.limits').count()).resolves.toBe(0);
    await expect(page.locator('.top .connection').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // A star is clicked (the radio buttons are drawn as stars); arrow keys move between them, as in any radio group.
    await question.locator('label.star').nth(2).click();
    await expect(question.getByRole('radio', { name: '3 stars' }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect(question.getByRole('radio', { name: '4 stars' }).isChecked()).resolves.toBe(true);
    await page.getByRole('textbox', { name: 'Anything you would like to add? (optional)' }).fill('Quick answers.');
    await saveScreenshot(page, 'chat-rating');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you for rating this conversation.' }).waitFor();
    await waitFor(async () => (await history()).rating?.score === 4, { timeoutMs: 5_000 });
    expect((await history()).rating).toEqual({ score: 4, comment: 'Quick answers.' });

    // Rated: a reload of the ended conversation does not ask again.
    await page.reload();
    await page.getByText('This conversation has ended.').waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByRole('group', { name: 'How would you rate this conversation?' }).count()).resolves.toBe(0);
    // The reloaded page's event stream of the ended conversation is answered 410, as it should be.
    expect(problems.filter((p) => !/api\/public\/events\/.* net::ERR_ABORTED$|status of 410/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);

  it('a skipped rating is not asked again for that conversation; a new conversation is asked anew', async () => {
    const link = await filesLink(h, gateway.url);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${gateway.url}/c/${link.token}`);
    await page.getByLabel('Message').fill('bye');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'How would you rate this conversation?' }).waitFor();
    await page.getByRole('button', { name: 'Skip' }).click();
    await expect(page.getByRole('group', { name: 'How would you rate this conversation?' }).count()).resolves.toBe(0);
    await page.reload();
    await page.getByText('This conversation has ended.').waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByRole('group', { name: 'How would you rate this conversation?' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    await page.getByLabel('Message').fill('bye again');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'How would you rate this conversation?' }).waitFor();
    await context.close();
  });
});
