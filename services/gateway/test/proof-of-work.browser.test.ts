import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamingAgent } from './public-link-fixtures.js';
import { PHONE, startVisitorPages, type VisitorPages } from './visitor-files-fixtures.js';
import { startHostSite } from './widget-fixtures.js';

/** What the page sent the platform: each challenge it fetched, and each body that carried a solution. */
function recordProofOfWork(page: Page, platform: string) {
  const seen = { challenges: 0, solutions: [] as Array<{ path: string; counter: number; time: number }>, posts: [] as string[] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!request.url().startsWith(platform)) return;
    if (url.pathname.endsWith('/challenge')) seen.challenges++;
    if (request.method() !== 'POST') return;
    seen.posts.push(url.pathname);
    const body = JSON.parse(request.postData() ?? '{}') as { challenge_solution?: string };
    if (!body.challenge_solution) return;
    const { solution } = JSON.parse(Buffer.from(body.challenge_solution, 'base64').toString()) as { solution: { counter: number; time: number } };
    seen.solutions.push({ path: url.pathname, counter: solution.counter, time: solution.time });
  });
  return seen;
}

/** Words a visitor would read if the page showed them anything of the challenge. */
const CHALLENGE_WORDS = /challenge|captcha|robot|verif|proof|solv/i;

describe('a link with a proof-of-work challenge, in Chromium: the visitor sees nothing of it', () => {
  let pages: VisitorPages;

  beforeAll(async () => {
    pages = await startVisitorPages();
  });
  afterAll(async () => pages?.stop());

  const powLink = async (title: string) => {
    const { h, gateway } = pages;
    const agent = await h.seedAgent(streamingAgent, 'repairs');
    return h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title, welcome_message: 'Hello! Ask us about your repair.', challenge: 'pow', rate_limit_per_minute: 100 } as never,
      publicBaseUrl: gateway.url,
    });
  };

  it('the chat page: the first message goes with a solution made while the visitor typed, and the agent answers', async () => {
    const { gateway, browser, llm } = pages;
    const link = await powLink('Spoke & Chain front desk');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    const seen = recordProofOfWork(page, gateway.url);
    await page.goto(`${gateway.url}/c/${link.token}`);
    await page.locator('.welcome').waitFor();
    // Nothing is solved for a visitor who only reads.
    expect(seen.challenges).toBe(0);

    llm.setHandler(() => ({ content: 'Your bike **BK-20417** is ready for pickup after three.', chunkDelayMs: 20 }));
    await page.getByLabel('Message').pressSequentially('Is my bike ready?', { delay: 40 });
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Your bike BK-20417 is ready for pickup after three.' }).waitFor();

    // One challenge, fetched as the visitor typed; its solution started the session, the message went without one.
    expect(seen.challenges).toBe(1);
    expect(seen.solutions.map((s) => s.path)).toEqual([`/api/public/sessions/${link.token}`]);
    expect(seen.posts.filter((p) => p === `/api/public/chat/${link.token}`)).toHaveLength(1);
    const solved = seen.solutions[0]!;
    expect(solved.counter).toBeGreaterThanOrEqual(2_000);
    console.info(`chat page: counter ${solved.counter} solved in ${solved.time} ms`);

    // A later message needs nothing more.
    llm.setHandler(() => ({ content: 'We open at nine.' }));
    await page.getByLabel('Message').fill('When do you open?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'We open at nine.' }).waitFor();
    expect(seen.challenges).toBe(1);
    expect(seen.solutions).toHaveLength(1);

    expect(await page.locator('body').textContent()).not.toMatch(CHALLENGE_WORDS);
    expect(await page.locator('[role="alert"], dialog, iframe').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await saveScreenshot(page, 'chat-proof-of-work-reply');
    await context.close();
  });

  it('the widget on a host page with a strict policy (no worker, no blob:, no inline script): the same, unseen', async () => {
    const { gateway, browser, llm } = pages;
    const link = await powLink('Spoke & Chain help');
    const host = await startHostSite(gateway.url, link.token);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems = await watchPage(page);
      const seen = recordProofOfWork(page, gateway.url);
      await page.goto(host.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('heading', { name: 'Spoke & Chain help' }).waitFor();

      llm.setHandler(() => ({ content: 'Bring it in on Monday.', chunkDelayMs: 20 }));
      await page.getByLabel('Message').pressSequentially('When can I bring my bike?', { delay: 40 });
      await page.keyboard.press('Enter');
      await page.locator('.message.assistant:not(.streaming)', { hasText: 'Bring it in on Monday.' }).waitFor();

      expect(seen.challenges).toBe(1);
      expect(seen.solutions.map((s) => s.path)).toEqual([`/api/public/sessions/${link.token}`]);
      console.info(`widget: counter ${seen.solutions[0]!.counter} solved in ${seen.solutions[0]!.time} ms`);
      // Runs in the page (a string: this file is compiled without the DOM's types).
      const panel = String(await page.evaluate("document.querySelector('parley-chat-widget').shadowRoot.textContent"));
      expect(panel).toContain('Bring it in on Monday.');
      expect(panel).not.toMatch(CHALLENGE_WORDS);
      // The host's policy refused nothing the widget tried (a violation shows up as a console error).
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await host.close();
    }
  });
});
