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

  async function linkOf(agentName: string, tenantId: string) {
    const created = await h.admin('POST', `/api/agents/${agentName}/public-links`, { title: 'Busy', rate_limit_per_minute: 10_000 }, tenantId);
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
});
