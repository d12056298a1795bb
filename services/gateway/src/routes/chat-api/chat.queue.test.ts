import { type FakeLlm, greetThenAskLlmAgent, lastUserMessage, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

/** A static greeting, then every message answered by the LLM. */
const llmAgent = greetThenAskLlmAgent('Hello.');

describe("Text Chat API: turns wait in the runners' queue", () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let agent: { tenantId: string; agentId: string };
  let release: () => void = () => {};

  beforeAll(async () => {
    llm = await startFakeLlm();
    // One runner taking one turn at a time; the queue holds two turns (the running one included);
    // a turn waits at most 2.5 s for a runner (the harness's RUNNER_QUEUE_TIMEOUT_SECONDS).
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, runnerQueue: { maxMessages: 2, maxInFlight: 1 } });
    agent = await h.seedAgent(llmAgent);
  });
  afterAll(async () => {
    release();
    await h?.stop();
    await llm?.close();
  });

  const holdAnswers = () => {
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    llm.setHandler(async (req) => {
      await gate;
      return { content: `Answer to ${lastUserMessage(req)}` };
    });
  };
  const session = async () =>
    (await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { n: Math.random() } })).body
      .session_id as string;
  const send = (id: string, content: string) => h.signed('POST', `/api/chat/sessions/${id}/messages`, { content });
  const queue = () => h.bus.queueStats('runner.turn');

  it('a full queue answers 503 queue_full with Retry-After at once; the queued turns complete, and the refused one may be sent again', async () => {
    const [a, b, c] = [await session(), await session(), await session()];
    holdAnswers();
    const running = send(a, 'first');
    await expect.poll(() => llm.requests.length, { timeout: 5_000 }).toBeGreaterThan(0);
    const waiting = send(b, 'second');
    await expect.poll(async () => (await queue()).waiting, { timeout: 5_000 }).toBe(1);
    const started = Date.now();
    const refused = await send(c, 'third');
    expect(Date.now() - started).toBeLessThan(500);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.error).toMatchObject({ code: 'unavailable', details: { reason: 'queue_full' } });

    release();
    llm.setHandler((req) => ({ content: `Answer to ${lastUserMessage(req)}` }));
    const [first, second] = await Promise.all([running, waiting]);
    expect([first.status, first.body.response]).toEqual([200, 'Answer to first']);
    expect([second.status, second.body.response]).toEqual([200, 'Answer to second']);
    const again = await send(c, 'third');
    expect([again.status, again.body.response, again.body.turn_number]).toEqual([200, 'Answer to third', 1]);
  });

  it('a turn no runner takes within the queue timeout answers 503 queue_timeout with Retry-After, and never runs', async () => {
    const [a, b] = [await session(), await session()];
    holdAnswers();
    const running = send(a, 'holding the runner');
    await expect.poll(() => llm.requests.some((r) => JSON.stringify(r.body).includes('holding the runner')), { timeout: 5_000 }).toBe(true);
    const started = Date.now();
    const timedOut = await send(b, 'too late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_400);
    expect(timedOut.status).toBe(503);
    expect(timedOut.headers['retry-after']).toBe('5');
    expect(timedOut.body.error).toMatchObject({ code: 'unavailable', details: { reason: 'queue_timeout' } });
    release();
    llm.setHandler((req) => ({ content: `Answer to ${lastUserMessage(req)}` }));
    expect((await running).status).toBe(200);
    // The runner free again and nothing left in the queue: the turn that timed out was dropped, not run.
    await expect.poll(async () => await queue(), { timeout: 5_000 }).toMatchObject({ waiting: 0, running: 0 });
    expect(llm.requests.some((r) => JSON.stringify(r.body).includes('too late'))).toBe(false);
    const status = await h.signed('GET', `/api/chat/sessions/${b}`);
    expect(status.body.turns).toBe(0);
  });
});
