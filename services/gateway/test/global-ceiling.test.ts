import { type FakeLlm, lastUserMessage, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { streamingAgent, visitorPost } from './public-link-fixtures.js';

const CEILING = 4;

/**
 * PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND across two gateway replicas in front of the same services
 * and the same Redis: the ceiling is the platform's, not each replica's, and a refused message
 * reaches no LLM.
 */
describe('the platform’s ceiling on public messages per second', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let second: App;
  /** The limits' clock: the test moves it to the next second rather than waiting for it. */
  let now = Date.now();

  beforeAll(async () => {
    llm = await startFakeLlm();
    // The visitors' own limits are generous: only the platform's ceiling is tested here.
    const publicLimits = { perIpPerMinute: 10_000, perSessionPerMinute: 10_000, perEmailPerMinute: 10_000, invalidTokensPerIpPerMinute: 10_000 };
    h = await startGatewayHarness({ publicLimits, publicGlobalPerSecond: CEILING }, { llmBaseUrl: llm.url, limitsClock: () => now });
    second = await h.startGateway();
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  async function linkOf(agentName: string, tenantId: string, perSessionPerMinute = 10_000) {
    const created = await h.admin('POST', `/api/agents/${agentName}/public-links`, { title: 'Busy', rate_limit_per_minute: perSessionPerMinute }, tenantId);
    expect(created.status, created.text).toBe(201);
    return created.body.token as string;
  }

  it('holds across both replicas, refuses with 429 global and Retry-After, and asks the LLM nothing for a refused message', async () => {
    const agent = await h.seedAgent(streamingAgent);
    // Two links of one tenant: the ceiling is across links too.
    const tokens = [await linkOf(agent.name, agent.tenantId), await linkOf(agent.name, agent.tenantId)];
    const apps = [h.app, second];
    const sends = Array.from({ length: 10 }, (_, i) => {
      const app = apps[i % 2] as App;
      const { headers, payload, remoteAddress } = visitorPost(
        `/api/public/chat/${tokens[i % 2]}`,
        { content: `message ${i}` },
        { remoteAddress: `203.0.113.${10 + i}` },
      );
      return app.inject({ method: 'POST', url: `/api/public/chat/${tokens[i % 2]}`, headers, payload, remoteAddress }).then((response) => ({ i, response }));
    });
    const answers = await Promise.all(sends);
    const accepted = answers.filter(({ response }) => response.statusCode === 200);
    const refused = answers.filter(({ response }) => response.statusCode !== 200);
    expect(accepted.length).toBe(CEILING);
    for (const { response } of refused) {
      expect(response.statusCode, response.body).toBe(429);
      expect(response.json().error).toMatchObject({ code: 'rate_limited', details: { limit: 'global' } });
      expect(Number(response.headers['retry-after'])).toBe(1);
    }
    // Both replicas refused some: neither kept a ceiling of its own.
    expect(new Set(refused.map(({ i }) => i % 2)).size).toBe(2);

    // The accepted messages were answered by the LLM; the refused ones never reached it.
    const asked = llm.requests.map((request) => lastUserMessage(request));
    for (const { i } of accepted) expect(asked).toContain(`message ${i}`);
    for (const { i } of refused) expect(JSON.stringify(llm.requests)).not.toContain(`message ${i}`);

    // The next second has room again.
    now += 1_000;
    const later = await h.inject(visitorPost(`/api/public/chat/${tokens[0]}`, { content: 'a second later' }, { remoteAddress: '203.0.113.99' }));
    expect(later.status, later.text).toBe(200);
  });

  it('is spent only by messages every other limit lets through: a session flooding past its own limit leaves it to the others', async () => {
    const agent = await h.seedAgent(streamingAgent);
    // A session may send one message a minute.
    const strict = await linkOf(agent.name, agent.tenantId, 1);
    const open = await linkOf(agent.name, agent.tenantId);
    now += 1_000;
    const post = (token: string, body: Record<string, unknown>, address: string) =>
      h.inject(visitorPost(`/api/public/chat/${token}`, body, { remoteAddress: address }));
    const first = await post(strict, { content: 'flood 0' }, '203.0.113.50');
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    // The flood: what the session's limit let through spent the ceiling; its refusals spent none.
    let spent = 1;
    let refused = 0;
    for (let i = 1; i < 8; i++) {
      const answer = await post(strict, { content: `flood ${i}`, session }, '203.0.113.50');
      if (answer.status === 200) spent += 1;
      else {
        expect(answer.status, answer.text).toBe(429);
        expect(answer.body.error.details).toEqual({ limit: 'session' });
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(spent).toBeLessThan(CEILING);
    for (let i = 0; i < CEILING - spent; i++) expect((await post(open, { content: `other ${i}` }, `203.0.113.${60 + i}`)).status).toBe(200);
    const over = await post(open, { content: 'one too many' }, '203.0.113.70');
    expect(over.status, over.text).toBe(429);
    expect(over.body.error.details).toEqual({ limit: 'global' });
  });
});
