import { randomUUID } from 'node:crypto';
import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESSES, analyticsWhen, frontDeskAgent, visit } from '../src/routes/management/analytics/analytics.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/** The console's share of protection: the link form's new settings, and analytics' countries, sentiment and tokens. */
describe("the console's protection settings and insight in Chromium", () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    served = await startConsoleHarness();
    ({ h, browser, base } = served);
  });
  afterAll(() => served?.close());

  const signIn = async (page: Page, path: string, key: string) => {
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('saves content rules, countries, an adaptive limit, budgets and the challenge; a refused country shows under its field', async () => {
    const own = await h.seedTenant('Museum Shop');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'shop', config: frontDeskAgent })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await signIn(page, '/console/agents/shop/links', own.key);
    await page.getByRole('button', { name: 'New link' }).click();
    const form = page.locator('form.link-form');
    await form.getByLabel('Title', { exact: true }).fill('Guarded');
    await form.getByLabel('Blocked patterns').fill('secret\\d+\ncoupon');
    await form.getByLabel('Personal data').selectOption('redact');
    await form.getByLabel('Moderation').selectOption('flag');
    await form.getByLabel('Prompt injection').selectOption('block');
    await form.getByLabel('Allowed countries').fill('DE, Germany');
    await form.getByLabel('Denied countries').fill('ru');
    await form.getByLabel('Adaptive: tightens for misbehaving visitors').check();
    await form.getByLabel('Tokens per day', { exact: true }).fill('50000');
    await form.getByLabel('Tokens per visitor per day').fill('2000');
    await form.getByLabel('Message once a budget is spent').fill('We are resting; back tomorrow.');
    await form.getByLabel('Proof-of-work challenge for new sessions').check();
    await form.getByRole('button', { name: 'Create link' }).click();

    // Refused: the second code is not one; the problem sits under the countries it names.
    const refused = form.locator('#link-country_allow-problem');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('country_allow.1');
    await expect(form.getByLabel('Allowed countries').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByLabel('Allowed countries').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-link-protection-refused');

    await form.getByLabel('Allowed countries').fill('DE, fr');
    await form.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('button', { name: 'Analytics Guarded' }).waitFor();
    const listed = (await h.withKey(own.key, 'GET', '/api/agents/shop/public-links')).body as { links: Record<string, unknown>[] };
    expect(listed.links.find((l) => l.title === 'Guarded')).toMatchObject({
      content_rules: { block_patterns: ['secret\\d+', 'coupon'], pii: 'redact', moderation: 'flag', prompt_injection: 'block' },
      country_allow: ['DE', 'FR'],
      country_deny: ['RU'],
      rate_limit_per_minute: 'adaptive',
      budget: { tokens_per_day: 50_000, tokens_per_visitor_per_day: 2_000 },
      budget_exhausted_message: 'We are resting; back tomorrow.',
      challenge: 'pow',
    });
    // The one refusal, answered as the form showed it.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await context.close();
  }, 90_000);

  it("shows a link's countries, sentiment (figures, counts, a chart over time) and tokens, readable in light and dark", async () => {
    const own = await h.seedTenant('Feedback Desk');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'survey', config: frontDeskAgent })).status).toBe(201);
    const link = (await h.withKey(own.key, 'POST', '/api/agents/survey/public-links', { template: 'feedback' })).body as { id: string; token: string };
    const talk = async (from: string, words: string[]) => {
      let session: string | undefined;
      let conversation = '';
      for (const content of words) {
        const answer = await visit(h, `/api/public/chat/${link.token}`, { content, ...(session ? { session } : {}) }, from);
        expect(answer.status, answer.text).toBe(200);
        session = answer.body.session;
        conversation = answer.body.conversation_id;
      }
      return conversation;
    };
    const first = await talk(ADDRESSES.us1, ['Wonderful tour, thank you!', 'bye']);
    await talk(ADDRESSES.us2, ['Great guide, loved it.', 'bye']);
    await talk(ADDRESSES.gb, ['The bus was late and the audio was terrible.', 'bye']);
    await talk(ADDRESSES.de, ['We went on Sunday.', 'bye']);
    const agentId = (await h.withKey(own.key, 'GET', '/api/agents/survey')).body.id as string;
    // The tokens an LLM reported for a turn (this agent has no prompt node: written as a turn's event would carry them).
    await h.bus.publish('events.message.stored', {
      conversationId: first,
      tenantId: own.tenantId,
      agentId,
      linkId: link.id,
      email: null,
      messages: [{ messageId: randomUUID(), role: 'assistant' }],
      usage: { prompt: 1_200, completion: 300 },
      at: new Date().toISOString(),
    });
    await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics`,
      own.tenantId,
      (b) => b.sentiment.positive === 2 && b.sentiment.negative === 1 && b.sentiment.neutral === 1 && b.tokens.prompt === 1_200,
    );

    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, colorScheme });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = await watchPage(page);
      await signIn(page, '/console/agents/survey/links', own.key);
      await page.getByRole('button', { name: 'Analytics Feedback' }).click();
      const panel = page.locator(`[data-analytics="link:${link.id}"]`);
      await panel.locator('[data-figure="sessions"]', { hasText: '4' }).waitFor();
      await expect(panel.locator('[data-figure="tokens"]').textContent()).resolves.toBe('1,500');
      await expect(panel.locator('[data-figure="sentiment"]').textContent()).resolves.toMatch(/^\+0\.\d+$/);
      await expect(panel.locator('table', { hasText: 'Sentiment' }).textContent()).resolves.toBe('Sentimentpositive2neutral1negative1');
      await expect(panel.locator('table', { hasText: 'Tokens' }).textContent()).resolves.toBe('Tokensprompt1,200completion300');
      await expect(panel.locator('table', { hasText: 'Countries' }).textContent()).resolves.toBe('CountriesUS2DE1GB1');
      await expect(panel.locator('table', { hasText: 'Security events' }).textContent()).resolves.toContain('Content blocked0');
      // Eight charts once their code has loaded: the four before, sentiment over time and by label, tokens over time, countries.
      await panel.locator('.chart canvas').nth(7).waitFor();
      await expect(panel.locator('.chart canvas').count()).resolves.toBe(8);
      await expect(panel.getByRole('img', { name: 'Sentiment over time (−1 to 1): positive 2, neutral 1, negative 1' }).count()).resolves.toBe(1);
      await expect(panel.getByRole('img', { name: 'Sentiment: positive 2, neutral 1, negative 1' }).count()).resolves.toBe(1);
      await expect(panel.getByRole('img', { name: 'Tokens over time: 1,500' }).count()).resolves.toBe(1);
      await expect(panel.getByRole('img', { name: 'Countries: US 2, DE 1, GB 1' }).count()).resolves.toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await panel.locator('.charts').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `console-analytics-insight-${colorScheme}`);
      await panel.locator('.analytics-tables').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `console-analytics-insight-tables-${colorScheme}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
