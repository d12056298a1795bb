import { type FakeLlm, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { streamingAgent } from '../../../../test/public-link-fixtures.js';
import { seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, operator, operatorKey, visitor } from './escalation.test-kit.js';

describe('escalation: who may do what', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm();
    // Many visitors' messages from one address in a minute: the limits are not what is tested here.
    const publicLimits = { perIpPerMinute: 10_000, perSessionPerMinute: 10_000, perEmailPerMinute: 10_000, invalidTokensPerIpPerMinute: 10_000 };
    h = await startGatewayHarness({ publicLimits }, { live: {}, llmBaseUrl: llm.url });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  /** A visitor's conversation, escalated and waiting, with two operators of its tenant and one of another. */
  async function waitingConversation() {
    const { agent, token } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hi' });
    const session = first.body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'help' });
    expect(asked.status, asked.text).toBe(201);
    const outsider = await h.seedTenant('Elsewhere');
    return {
      token,
      session,
      tenantId: agent.tenantId,
      conversationId: first.body.conversation_id as string,
      id: asked.body.escalation.id as string,
      dana: await operatorKey(h, agent.tenantId, 'Dana'),
      erin: await operatorKey(h, agent.tenantId, 'Erin'),
      outsider: outsider.key,
    };
  }

  it('two operators claiming at once: exactly one wins, 50 times over', async () => {
    const { agent, token } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const keys = [await operatorKey(h, agent.tenantId, 'One'), await operatorKey(h, agent.tenantId, 'Two')];
    for (let round = 0; round < 50; round++) {
      const session = (await visitor(h, 'POST', `/api/public/chat/${token}/new`, { content: `round ${round}` })).body.session as string;
      const id = (await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: `round ${round}` })).body.escalation.id as string;
      const answers = await Promise.all(keys.map((key) => operator(h, key, 'POST', `/api/inbox/${id}/claim`)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)?.body.item.operator.name;
      const loser = answers.find((a) => a.status === 409);
      expect(loser?.body.error.message).toContain(winner);
      const row = await h.ctx.db.selectFrom('escalations').select(['state', 'operator_name']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'claimed', operator_name: winner });
    }
  });

  it("one operator cannot write in, release or close another's claimed conversation; nor anything before claiming it", async () => {
    const c = await waitingConversation();
    expectError(await operator(h, c.dana, 'POST', `/api/inbox/${c.id}/messages`, { content: 'too early' }), 409, 'conflict', /claim/);
    expectError(await operator(h, c.dana, 'POST', `/api/inbox/${c.id}/typing`), 409, 'conflict');
    expect((await operator(h, c.dana, 'POST', `/api/inbox/${c.id}/claim`)).status).toBe(200);
    // Claiming one's own again changes nothing.
    expect((await operator(h, c.dana, 'POST', `/api/inbox/${c.id}/claim`)).body.item.operator).toEqual({ name: 'Dana' });
    for (const action of ['claim', 'release', 'close', 'typing']) {
      expectError(await operator(h, c.erin, 'POST', `/api/inbox/${c.id}/${action}`), 409, 'conflict', /Dana/);
    }
    expectError(await operator(h, c.erin, 'POST', `/api/inbox/${c.id}/messages`, { content: 'let me' }), 409, 'conflict', /Dana/);
    const operatorMessages = await h.ctx.db
      .selectFrom('text_conversation_messages')
      .select('content')
      .where('role', '=', 'operator')
      .where('conversation_id', '=', c.conversationId)
      .execute();
    expect(operatorMessages).toEqual([]);
    expect((await h.ctx.db.selectFrom('escalations').select('state').where('id', '=', c.id).executeTakeFirstOrThrow()).state).toBe('claimed');
  });

  it("another tenant's key (or the admin acting for another tenant) finds no such escalation or conversation", async () => {
    const c = await waitingConversation();
    for (const action of ['claim', 'release', 'close', 'typing']) {
      expectError(await operator(h, c.outsider, 'POST', `/api/inbox/${c.id}/${action}`), 404, 'not_found');
    }
    expectError(await operator(h, c.outsider, 'POST', `/api/inbox/${c.id}/messages`, { content: 'x' }), 404, 'not_found');
    expectError(await operator(h, c.outsider, 'GET', `/api/conversations/${c.conversationId}`), 404, 'not_found');
    expect((await operator(h, c.outsider, 'GET', '/api/inbox?state=all')).body.items).toEqual([]);
    const other = await h.seedTenant('Admin target');
    expectError(await h.admin('POST', `/api/inbox/${c.id}/claim`, undefined, other.tenantId), 404, 'not_found');
    expect((await h.ctx.db.selectFrom('escalations').select('state').where('id', '=', c.id).executeTakeFirstOrThrow()).state).toBe('waiting');
  });

  it('a visitor cannot act as an operator: no key, no inbox; their credential opens nothing there', async () => {
    const c = await waitingConversation();
    for (const action of ['claim', 'release', 'close']) {
      expectError(await h.inject({ method: 'POST', url: `/api/inbox/${c.id}/${action}` }), 401, 'unauthorized');
      expectError(
        await h.inject({ method: 'POST', url: `/api/inbox/${c.id}/${action}`, headers: { authorization: `Bearer ${c.session}` } }),
        401,
        'unauthorized',
      );
    }
    expectError(await h.inject({ method: 'GET', url: '/api/inbox/events' }), 401, 'unauthorized');
    // The public API has no way to release or close: those paths do not exist for visitors.
    for (const path of ['release', 'close', 'claim']) {
      expect((await visitor(h, 'POST', `/api/public/chat/${c.token}/${path}`, { session: c.session })).status).toBe(404);
    }
    expect((await h.ctx.db.selectFrom('escalations').select('state').where('id', '=', c.id).executeTakeFirstOrThrow()).state).toBe('waiting');
  });

  it('the agent never answers once the conversation is escalated, even a message that raced the escalation', async () => {
    const { token } = await seedLink(h, streamingAgent, { rate_limit_per_minute: 10_000 });
    for (let round = 0; round < 5; round++) {
      const session = (await visitor(h, 'POST', `/api/public/sessions/${token}`, {})).body.session as string;
      // The model takes its time: the escalation lands while the turn is being computed.
      llm.setHandler(() => ({ content: `A slow answer ${round}.`, delayMs: 300 }));
      const message = visitor(h, 'POST', `/api/public/chat/${token}`, { content: `question ${round}`, session });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'race' });
      expect(asked.status, asked.text).toBe(201);
      const answered = await message;
      expect(answered.status, answered.text).toBe(200);
      // The turn computed before the escalation committed nothing: the message waits for a person.
      expect(answered.body).toMatchObject({ response: null, escalation: { id: asked.body.escalation.id } });
      const conversationId = asked.body.escalation.conversation_id as string;
      const said = await h.ctx.db
        .selectFrom('text_conversation_messages')
        .select(['role', 'content'])
        .where('conversation_id', '=', conversationId)
        .orderBy('sequence')
        .execute();
      expect(said).toEqual([
        { role: 'assistant', content: 'Ask me anything about your repair.' },
        { role: 'user', content: `question ${round}` },
      ]);
      // And later messages never ask the runner at all.
      const calls = llm.requests.length;
      expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'and now?', session })).body.response).toBeNull();
      expect(llm.requests.length).toBe(calls);
    }
  });
});
