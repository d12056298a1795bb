import { type FakeLlm, lastUserMessage, saveScreenshot, seriousViolations, startFakeLlm, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/** An agent whose replies are the model's, until the visitor asks for a person. */
const deskAgent = {
  llm: { model: 'fake-model' },
  workflow: {
    initial_node: 'chat',
    nodes: [
      {
        id: 'chat',
        name: 'Chat',
        prompt: 'You help with bicycles.',
        transitions: [
          { to: 'person', condition: 'contains:person' },
          { to: 'chat', condition: 'user_responded' },
        ],
      },
      { id: 'person', name: 'A person', type: 'handoff', handoff_reason: 'Asked for a person', static_text: 'One moment.', transitions: [] },
    ],
  },
};

/** A conversation's trace in the inbox (docs/management-api.md "Traces"): each turn's LLM calls with their tokens and cost, for editors. */
describe('the trace of a conversation in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let llm: FakeLlm;
  let owner: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler((req) => ({ content: `Happy to help: ${lastUserMessage(req)}`, usage: { prompt: 1200, completion: 80 } }));
    // With the live event log, as the inbox's feed needs.
    served = await startConsoleHarness({ live: {}, llmBaseUrl: llm.url, llmPrices: { 'fake-model': { input: 0.15, output: 0.6 } } });
    ({ h, browser, base } = served);
    const tenant = await h.seedTenant('Bike desk');
    owner = tenant.key;
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'desk', config: deskAgent })).status).toBe(201);
    const agent = (await h.withKey(owner, 'GET', '/api/agents/desk')).body;
    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenant.tenantId, agent_id: agent.id });
    const send = (content: string) => h.signed('POST', `/api/chat/sessions/${session.body.session_id}/messages`, { content });
    expect((await send('My brakes squeak.')).status).toBe(200);
    expect((await send('A person, please.')).status).toBe(200);
  });
  afterAll(async () => {
    await served?.close();
    await llm?.close();
  });

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: the turns with their LLM calls, tokens and cost', async (name, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/inbox`);
    await page.getByLabel('API key').fill(owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.inbox-list a', { hasText: 'Asked for a person' }).click();
    await page.locator('.history').waitFor();
    const overflow = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
    // The inbox fits the screen: on a phone the queue stacks above the conversation.
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByText('Workflow trace and variables').click();
    const costs = page.getByRole('region', { name: 'LLM calls and cost' });
    await costs.waitFor();
    await expect(costs.locator('p').first().textContent()).resolves.toBe('2 LLM calls, 2,560 tokens · $0.000456');
    const rows = costs.locator('li');
    await expect(rows.count()).resolves.toBe(3);
    // The greeting (turn 0) and the first answer were the model's, each priced; the handoff was not.
    await expect(rows.nth(1).textContent()).resolves.toContain('fake-model: 1,200 in, 80 out');
    await expect(rows.nth(1).textContent()).resolves.toContain('$0.000228');
    await expect(rows.nth(2).textContent()).resolves.toContain('chat → person');
    await costs.scrollIntoViewIfNeeded();
    // The trace widens nothing: its long lines wrap.
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, `console-conversation-trace-${name}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
