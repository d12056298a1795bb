import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink } from '../../public/live/public-events.test-kit.js';
import { follow, generousPublicLimits, operator, operatorKey, visitor } from './escalation.test-kit.js';

/** An agent whose very first node hands the conversation to a person; the workflow goes on after it. */
const frontDeskAgent = {
  workflow: {
    initial_node: 'person',
    nodes: [
      {
        id: 'person',
        name: 'Person',
        type: 'handoff',
        handoff_reason: 'first contact',
        static_text: 'A person will be with you shortly.',
        transitions: [{ to: 'answer', condition: 'user_responded' }],
      },
      { id: 'answer', name: 'Answer', static_text: 'The agent answers.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
    ],
  },
};

/** An agent that collects a name, an order number and an email by patterns, moving on as each comes. */
const intakeAgent = {
  workflow: {
    initial_node: 'welcome',
    nodes: [
      { id: 'welcome', name: 'Welcome', static_text: 'Welcome to returns.', transitions: [{ to: 'order', condition: 'always' }] },
      {
        id: 'order',
        name: 'Order',
        static_text: 'What is your order number?',
        extract: [
          { name: 'customer', pattern: 'my name is (\\w+)' },
          { name: 'order', pattern: '\\b(BK-\\d+)\\b' },
        ],
        transitions: [{ to: 'email', condition: 'variables_extracted:order' }],
      },
      {
        id: 'email',
        name: 'Email',
        static_text: 'And your email?',
        extract: [{ name: 'email', pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+' }],
        transitions: [{ to: 'done', condition: 'variables_extracted:email' }],
      },
      { id: 'done', name: 'Done', static_text: 'Thanks, we will be in touch.', transitions: [{ to: 'done', condition: 'user_responded' }] },
    ],
  },
};

describe('escalation and the workflow: a handoff as the first node, and the trace a conversation keeps', () => {
  let h: GatewayHarness;
  let base: string;
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
    base = await listen(h.app);
  });
  afterAll(async () => {
    for (const source of sources) source.close();
    await h?.stop();
  });

  it('a visitor whose session starts at a handoff node is waiting for a person at once; released, the workflow goes on', async () => {
    const { agent, token } = await seedLink(h, frontDeskAgent, { rate_limit_per_minute: 10_000 });
    const erin = await operatorKey(h, agent.tenantId, 'Erin');
    const started = await visitor(h, 'POST', `/api/public/sessions/${token}`, {});
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;

    // The operators see it waiting before the visitor has said a word, with the node's line as its last message.
    const [item] = (await operator(h, erin, 'GET', '/api/inbox?state=waiting')).body.items;
    expect(item).toMatchObject({
      conversation_id: started.body.conversation_id,
      agent: agent.name,
      channel: 'link',
      reason: 'first contact',
      state: 'waiting',
      position: 1,
      last_message: 'A person will be with you shortly.',
    });
    // The visitor's stream has the line and the place in the queue.
    const stream = follow(`${base}/api/public/events/${token}?session=${session}`, ['message', 'escalation']);
    sources.push(stream.source);
    await stream.opened;
    await waitFor(() => expect(stream.received).toHaveLength(2));
    expect(stream.received.find((e) => e.event === 'message')?.data).toMatchObject({ role: 'assistant', content: 'A person will be with you shortly.' });
    expect(stream.received.find((e) => e.event === 'escalation')?.data).toEqual({
      id: item.escalation_id,
      state: 'waiting',
      position: 1,
      estimated_wait_seconds: 120,
      operator: null,
      // No operator has the inbox open: the visitor is offered to leave a message.
      offline: { message: expect.stringContaining('Nobody is available'), ask_email: true, reason: 'nobody_online', opens_at: null },
    });

    // The agent stays silent: the message waits for the person.
    const waiting = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'I need to change my booking', session });
    expect(waiting.body).toMatchObject({ response: null, escalation: { id: item.escalation_id, state: 'waiting', position: 1 } });
    const escalations = await visitor(h, 'GET', `/api/public/chat/${token}/escalations?session=${session}`);
    expect(escalations.body.escalations).toEqual([expect.objectContaining({ id: item.escalation_id, reason: 'first contact', state: 'waiting' })]);

    expect((await operator(h, erin, 'POST', `/api/inbox/${item.escalation_id}/claim`)).status).toBe(200);
    expect((await operator(h, erin, 'POST', `/api/inbox/${item.escalation_id}/release`)).status).toBe(200);
    const after = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'thanks', session });
    expect(after.body).toMatchObject({ response: 'The agent answers.' });
    expect(after.body.escalation).toBeUndefined();
  });

  it("a visitor's first message on such a link is kept for the person, and the reply says where they wait", async () => {
    const { token } = await seedLink(h, frontDeskAgent, { rate_limit_per_minute: 10_000 });
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ response: null, session: expect.stringMatching(/^pcs_/), escalation: { state: 'waiting', position: 1 } });
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${first.body.session}`);
    expect(history.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['assistant', 'A person will be with you shortly.'],
      ['user', 'hello'],
    ]);
  });

  it('a Text Chat API session starting at a handoff node is escalated at creation: messages are answered escalated: true', async () => {
    const agent = await h.seedAgent(frontDeskAgent, 'api-front-desk');
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', node_id: 'person', initial_message: 'A person will be with you shortly.' });
    const sessionId = created.body.session_id as string;
    const listed = await h.signed('GET', `/api/chat/sessions/${sessionId}/escalations`);
    expect(listed.body.escalations).toEqual([expect.objectContaining({ reason: 'first contact', state: 'waiting', operator: null })]);
    const message = await h.signed('POST', `/api/chat/sessions/${sessionId}/messages`, { content: 'hello?' });
    expect(message.body).toMatchObject({ response: null, escalated: true, node_id: 'person' });
    // Asking again while it waits is refused: there is one open already.
    expect((await h.signed('POST', `/api/chat/sessions/${sessionId}/escalate`, { reason: 'again' })).status).toBe(409);
  });

  it('GET /api/conversations/{id}: each turn with its transitions and the variables it extracted, and the data collected', async () => {
    const agent = await h.seedAgent(intakeAgent, 'intake');
    const key = await operatorKey(h, agent.tenantId, 'Fay');
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status, created.text).toBe(201);
    const sessionId = created.body.session_id as string;
    const turns = [];
    for (const content of ['hi, my name is Ann', 'it is order bk-42', 'ann@example.com']) {
      const sent = await h.signed('POST', `/api/chat/sessions/${sessionId}/messages`, { content });
      expect(sent.status, sent.text).toBe(200);
      turns.push(sent.body);
    }
    expect(turns.map((t) => [t.node_id, t.extracted_variables])).toEqual([
      ['order', { customer: 'Ann' }],
      ['email', { order: 'bk-42' }],
      ['done', { email: 'ann@example.com' }],
    ]);

    const detail = await operator(h, key, 'GET', `/api/conversations/${created.body.conversation_id}`);
    expect(detail.status, detail.text).toBe(200);
    const transition = (from: string, fromName: string, to: string, toName: string, condition: string) => ({
      from_node: from,
      from_node_name: fromName,
      to_node: to,
      to_node_name: toName,
      condition,
    });
    expect(detail.body.turns).toEqual([
      { turn_number: 0, transitions: [transition('welcome', 'Welcome', 'order', 'Order', 'always')], extracted_variables: {} },
      { turn_number: 1, transitions: [], extracted_variables: { customer: 'Ann' } },
      { turn_number: 2, transitions: [transition('order', 'Order', 'email', 'Email', 'variables_extracted:order')], extracted_variables: { order: 'bk-42' } },
      {
        turn_number: 3,
        transitions: [transition('email', 'Email', 'done', 'Done', 'variables_extracted:email')],
        extracted_variables: { email: 'ann@example.com' },
      },
    ]);
    expect(detail.body).toMatchObject({
      agent: 'intake',
      channel: 'api',
      session_id: sessionId,
      status: 'active',
      node_id: 'done',
      node_name: 'Done',
      collected_data: { customer: 'Ann', order: 'bk-42', email: 'ann@example.com' },
      escalations: [],
    });
    // The trace agrees with what each turn answered.
    for (const [i, turn] of turns.entries()) {
      expect(detail.body.turns[i + 1].transitions.map((t: { to_node: string }) => t.to_node)).toEqual(
        turn.transitions.map((t: { to_node: string }) => t.to_node),
      );
    }
    expect(detail.body.messages.map((m: { role: string; turn_number: number | null }) => [m.role, m.turn_number])).toEqual([
      ['assistant', 0],
      ['assistant', 0],
      ['user', 1],
      ['assistant', 1],
      ['user', 2],
      ['assistant', 2],
      ['user', 3],
      ['assistant', 3],
    ]);
  });
});
