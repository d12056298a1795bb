import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, follow, operator, operatorKey, visitor } from './escalation.test-kit.js';

describe('escalation to a human: a visitor, the inbox and the agent taking over again', () => {
  let h: GatewayHarness;
  let base: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    base = await listen(h.app);
  });
  afterAll(async () => h?.stop());

  it('asks for a person, waits in the queue, is answered by a named operator live, then the agent continues', async () => {
    const { agent, token } = await seedLink(h, deskAgent);
    const alice = await operatorKey(h, agent.tenantId, 'Alice');
    const inbox = follow(`${base}/api/inbox/events`, ['escalation', 'message', 'status'], { authorization: `Bearer ${alice}` });
    await inbox.opened;

    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'my order is late' });
    expect(first.body.response, first.text).toBe('The agent answers.');
    const session = first.body.session as string;
    const stream = follow(`${base}/api/public/events/${token}?session=${session}`, ['message', 'status', 'escalation']);
    await stream.opened;

    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'late order', metadata: { order: 'BK-1' } });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body.escalation).toMatchObject({
      id: expect.stringMatching(/^esc_/),
      state: 'waiting',
      reason: 'late order',
      position: 1,
      estimated_wait_seconds: 120,
    });
    const escalationId = asked.body.escalation.id as string;
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'again' })).status).toBe(409);

    // While it waits the agent is silent: the message is stored for the operators, who see it live.
    const waiting = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello? anyone?', session });
    expect(waiting.status, waiting.text).toBe(200);
    expect(waiting.body).toMatchObject({ response: null, escalation: { id: escalationId, state: 'waiting', position: 1 }, session_ended: false });
    await waitFor(() => inbox.received.some((e) => e.event === 'message' && e.data.content === 'hello? anyone?'), { timeoutMs: 5_000 });

    const listed = await operator(h, alice, 'GET', '/api/inbox');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        escalation_id: escalationId,
        agent: agent.name,
        channel: 'link',
        state: 'waiting',
        position: 1,
        reason: 'late order',
        last_message: 'hello? anyone?',
        operator: null,
      }),
    ]);

    // Claimed, typed, answered: the visitor sees each, with the operator's name.
    const claimed = await operator(h, alice, 'POST', `/api/inbox/${escalationId}/claim`);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.item).toMatchObject({ state: 'claimed', operator: { name: 'Alice' }, position: null });
    expect((await operator(h, alice, 'POST', `/api/inbox/${escalationId}/typing`)).status).toBe(200);
    const answered = await operator(h, alice, 'POST', `/api/inbox/${escalationId}/messages`, { content: 'Hi, I am Alice. Let me check BK-1.' });
    expect(answered.status, answered.text).toBe(201);
    await waitFor(() => stream.received.some((e) => e.event === 'message' && e.data.role === 'operator'), { timeoutMs: 5_000 });
    const seen = stream.received.map((e) => [e.event, e.data.state ?? e.data.role, e.data.operator?.name ?? e.data.operator_name ?? e.data.by ?? null]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['escalation', 'waiting', null],
        ['escalation', 'claimed', 'Alice'],
        ['status', 'typing', 'Alice'],
        ['message', 'operator', 'Alice'],
      ]),
    );
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(history.body.messages.at(-1)).toMatchObject({ role: 'operator', content: 'Hi, I am Alice. Let me check BK-1.', operator_name: 'Alice' });

    // Handed back: the workflow continues where it stopped.
    const released = await operator(h, alice, 'POST', `/api/inbox/${escalationId}/release`);
    expect(released.body.item).toMatchObject({ state: 'released' });
    const after = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'thanks', session });
    expect(after.body).toMatchObject({ response: 'The agent answers.' });
    expect(after.body.escalation).toBeUndefined();

    const escalations = await visitor(h, 'GET', `/api/public/chat/${token}/escalations?session=${session}`);
    expect(escalations.body.escalations).toEqual([
      expect.objectContaining({ id: escalationId, state: 'released', reason: 'late order', operator: { name: 'Alice' }, claimed_at: expect.any(String) }),
    ]);
    // The whole record: every message with its role, and the trace of each turn.
    const detail = await operator(h, alice, 'GET', `/api/conversations/${first.body.conversation_id}`);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'operator', 'user', 'assistant']);
    expect(detail.body).toMatchObject({
      agent: agent.name,
      channel: 'link',
      escalation_id: null,
      escalations: [expect.objectContaining({ state: 'released' })],
    });
    expect(detail.body.turns.map((t: { turn_number: number }) => t.turn_number)).toEqual([1, 2]);
    stream.source.close();
    inbox.source.close();
    const kinds = inbox.received.filter((e) => e.event === 'escalation').map((e) => e.data.state);
    expect(kinds).toEqual(expect.arrayContaining(['waiting', 'claimed', 'released']));
  });

  it('a handoff node escalates by itself after saying its line; closing ends the conversation', async () => {
    const { agent, token } = await seedLink(h, deskAgent);
    const bob = await operatorKey(h, agent.tenantId, 'Bob');
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'I want a human' });
    expect(first.body).toMatchObject({ response: 'Let me get a colleague.', escalation: { state: 'waiting', id: expect.stringMatching(/^esc_/) } });
    const session = first.body.session as string;
    const { items } = (await operator(h, bob, 'GET', '/api/inbox?state=waiting')).body;
    expect(items).toEqual([expect.objectContaining({ reason: 'asked for a human', escalation_id: first.body.escalation.id })]);
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'still there?', session })).body.response).toBeNull();

    expect((await operator(h, bob, 'POST', `/api/inbox/${first.body.escalation.id}/claim`)).status).toBe(200);
    const closed = await operator(h, bob, 'POST', `/api/inbox/${first.body.escalation.id}/close`);
    expect(closed.body.item).toMatchObject({ state: 'closed' });
    const refused = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello?', session });
    expect(refused.status).toBe(410);
    expect((await operator(h, bob, 'GET', '/api/inbox?state=all')).body.items).toEqual([expect.objectContaining({ state: 'closed' })]);
  });

  it('the Text Chat API escalates a session; its messages are then stored for the person, answered with escalated: true', async () => {
    const agent = await h.seedAgent(deskAgent, 'api-desk');
    const carol = await operatorKey(h, agent.tenantId, 'Carol');
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const sessionId = created.body.session_id as string;
    const escalated = await h.signed('POST', `/api/chat/sessions/${sessionId}/escalate`, { reason: 'VIP customer' });
    expect(escalated.status, escalated.text).toBe(201);
    expect(escalated.body.escalation).toMatchObject({ state: 'waiting', position: 1, conversation_id: created.body.conversation_id });
    const message = await h.signed('POST', `/api/chat/sessions/${sessionId}/messages`, { content: 'are you there?' });
    expect(message.body).toMatchObject({ response: null, escalated: true, node_id: 'ask', transitions: [], session_ended: false });
    const listed = await h.signed('GET', `/api/chat/sessions/${sessionId}/escalations`);
    expect(listed.body.escalations).toEqual([expect.objectContaining({ reason: 'VIP customer', state: 'waiting' })]);
    const id = escalated.body.escalation.id as string;
    expect((await operator(h, carol, 'POST', `/api/inbox/${id}/claim`)).status).toBe(200);
    expect((await operator(h, carol, 'POST', `/api/inbox/${id}/messages`, { content: 'Carol here.' })).status).toBe(201);
    expect((await operator(h, carol, 'POST', `/api/inbox/${id}/release`)).status).toBe(200);
    const back = await h.signed('POST', `/api/chat/sessions/${sessionId}/messages`, { content: 'ok thanks' });
    expect(back.body).toMatchObject({ response: 'The agent answers.' });
    expect(back.body.escalated).toBeUndefined();
  });
});
