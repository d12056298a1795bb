import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeLlm, replyWith, startFakeLlm } from '@parley/testing';
import { type A2aAgent, startA2aAgent } from '@parley/testing/a2a-agent';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { visitorPost } from './public-link-fixtures.js';

/** Every reply of the endpoint reports 30 prompt and 10 completion tokens: a turn costs exactly 40. */
const TURN = { prompt: 30, completion: 10 };
const SIGNING = `whsec_${Buffer.from('the help desk service signing key!').toString('base64')}`;

/**
 * Agents built elsewhere behind the door (docs/workflow.md "Backends"): each backend kind through
 * the Text Chat API and a public link, with the link's and the tenant's rules, on the real
 * services, the fake OpenAI-compatible server, a real A2A agent (the SDK's) and a webhook service
 * on loopback.
 */
describe('backends behind the door', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let a2a: A2aAgent;
  let desk: Server;
  let deskUrl: string;
  let deskAnswer: () => unknown = () => ({ reply: 'ok' });

  beforeAll(async () => {
    llm = await startFakeLlm();
    a2a = await startA2aAgent({ streaming: true });
    desk = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(deskAnswer())));
    });
    await new Promise<void>((resolve) => desk.listen(0, '127.0.0.1', resolve));
    deskUrl = `http://127.0.0.1:${(desk.address() as AddressInfo).port}/turn`;
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, runnerBackends: { allowPrivate: true }, llmPrices: { 'fake-model': { input: 1, output: 2 } } });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([llm?.close(), a2a?.close(), new Promise((resolve) => desk?.close(resolve))]);
  });
  beforeEach(() => {
    llm.reset();
    llm.setHandler(replyWith({ content: 'From the endpoint: happy to help.', usage: TURN }));
  });

  const openaiAgent = () => ({ backend: { kind: 'openai', url: llm.url, model: 'fake-model' } });

  const newLink = async (tenantId: string, name: string, settings: Record<string, unknown> = {}) => {
    const made = await h.admin('POST', `/api/agents/${name}/public-links`, { title: 'Help', ...settings }, tenantId);
    expect(made.status, made.text).toBe(201);
    return made.body as { id: string; token: string };
  };
  const say = (token: string, content: string, session?: string) =>
    h.inject(visitorPost(`/api/public/chat/${token}`, session ? { content, session } : { content }));
  const session = async (agent: { tenantId: string; agentId: string }) => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status, created.text).toBe(201);
    return created.body.session_id as string;
  };

  it('openai: the Text Chat API and a link are answered by the endpoint with the conversation so far', async () => {
    const agent = await h.seedAgent(openaiAgent(), 'litellm');
    const id = await session(agent);
    const first = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'Hello there' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ response: 'From the endpoint: happy to help.', node_id: 'backend', turn_number: 1 });
    const second = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'And my order?' });
    expect(second.status, second.text).toBe(200);
    expect(llm.requests.at(-1)?.body.messages).toEqual([
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'From the endpoint: happy to help.' },
      { role: 'user', content: 'And my order?' },
    ]);

    const link = await newLink(agent.tenantId, agent.name);
    const visitor = await say(link.token, 'Hi from the page');
    expect(visitor.status, visitor.text).toBe(200);
    expect(visitor.body.response).toBe('From the endpoint: happy to help.');

    // The trace keeps the endpoint's call with its tokens, and its cost at the configured prices.
    const trace = await h.admin('GET', `/api/conversations/${visitor.body.conversation_id}/trace`, undefined, agent.tenantId);
    expect(trace.status, trace.text).toBe(200);
    expect(trace.body.turns.at(-1).llm_calls).toEqual([
      expect.objectContaining({ model: 'fake-model', prompt_tokens: 30, completion_tokens: 10, cost: 0.00005 }),
    ]);
  });

  it("openai: a link's budget and its content rules refuse as they do for a workflow agent", async () => {
    const agent = await h.seedAgent(openaiAgent(), 'budgeted-endpoint');
    const link = await newLink(agent.tenantId, agent.name, {
      budget: { tokens_per_day: 50 },
      budget_exhausted_message: 'We are closed for today.',
      content_rules: { block_patterns: ['\\bcasino\\b'] },
    });
    const blocked = await say(link.token, 'any casino nearby?');
    expect(blocked.status, blocked.text).toBe(422);
    expect(blocked.body.error).toMatchObject({ code: 'content_blocked', details: { rule: 'block_patterns' } });
    expect(llm.requests).toHaveLength(0);

    const first = await say(link.token, 'one');
    expect(first.body.response).toBe('From the endpoint: happy to help.');
    await say(link.token, 'two', first.body.session); // 80 tokens: past the budget after this one
    const spent = await say(link.token, 'three', first.body.session);
    expect(spent.status, spent.text).toBe(200);
    expect(spent.body).toMatchObject({ response: 'We are closed for today.', budget_exhausted: true });
    expect(llm.requests).toHaveLength(2);
  });

  it('a2a: three turns of one conversation keep one A2A context', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'a2a', url: a2a.url } }, 'a2a-agent');
    const id = await session(agent);
    const answers: string[] = [];
    for (const content of ['first', 'second', 'third']) {
      const answer = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content });
      expect(answer.status, answer.text).toBe(200);
      answers.push(answer.body.response);
    }
    expect(answers).toEqual(['1: you said first', '2: you said second', '3: you said third']);
    const contexts = new Set(a2a.received.filter((m) => ['first', 'second', 'third'].includes(m.text)).map((m) => m.contextId));
    expect(contexts.size).toBe(1);
  });

  it('a2a: the agent killed mid-turn answers 503 with an outcome; the retry with the Idempotency-Key answers once', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'a2a', url: a2a.url } }, 'a2a-killed');
    const id = await session(agent);
    const path = `/api/chat/sessions/${id}/messages`;
    const key = { 'idempotency-key': 'order-question-1' };
    a2a.hold();
    const before = a2a.received.length;
    const pending = h.signed('POST', path, { content: 'where is my order?' }, { headers: key });
    await a2a.receivedCount(before + 1);
    await a2a.kill();
    const failed = await pending;
    expect(failed.status, failed.text).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'unavailable', details: { reason: 'backend', outcome: 'not_applied' } });

    await a2a.restart();
    // Each send signed anew (a signature is good once), with the same key.
    const retried = await h.signed('POST', path, { content: 'where is my order?' }, { headers: key, now: Date.now() + 1_000 });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.response).toMatch(/you said where is my order\?$/);
    const again = await h.signed('POST', path, { content: 'where is my order?' }, { headers: key, now: Date.now() + 2_000 });
    expect(again.body).toEqual(retried.body);
    // Asked twice – the killed attempt and the retry – and never a third time for the repeated key.
    expect(a2a.received.filter((m) => m.text === 'where is my order?')).toHaveLength(2);
    const status = await h.signed('GET', `/api/chat/sessions/${id}`);
    expect(status.body.turns).toBe(1);
  });

  it('webhook: an answer with `handoff` puts the conversation in the inbox', async () => {
    const { tenantId } = await h.seedAgent(openaiAgent(), 'before-desk');
    const secret = await h.admin('POST', '/api/secrets', { name: 'DESK_SIGNING', value: SIGNING }, tenantId);
    expect(secret.status, secret.text).toBe(201);
    const made = await h.admin(
      'POST',
      '/api/agents',
      { name: 'desk', config: { backend: { kind: 'webhook', url: deskUrl, secret: '{{secrets.DESK_SIGNING}}' } } },
      tenantId,
    );
    expect(made.status, made.text).toBe(201);
    const agent = { tenantId, name: 'desk' };
    deskAnswer = () => ({ reply: 'Let me fetch a colleague for you.', handoff: { reason: 'refund request' } });
    const link = await newLink(agent.tenantId, agent.name);
    const answer = await say(link.token, 'I want my money back');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.response).toBe('Let me fetch a colleague for you.');

    const inbox = await h.admin('GET', '/api/inbox', undefined, agent.tenantId);
    expect(inbox.status, inbox.text).toBe(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ conversation_id: answer.body.conversation_id, reason: 'refund request', agent: 'desk' })]);
  });

  it('a config naming a secret the tenant lacks is refused on save, by its path', async () => {
    const { tenantId } = await h.seedAgent(openaiAgent(), 'secretless');
    const refused = await h.admin(
      'POST',
      '/api/agents',
      {
        name: 'needs-key',
        config: { backend: { kind: 'openai', url: 'https://llm.example/v1', model: 'm', headers: { Authorization: 'Bearer {{secrets.NOPE}}' } } },
      },
      tenantId,
    );
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'config.backend.headers.Authorization' })]);
  });
});
