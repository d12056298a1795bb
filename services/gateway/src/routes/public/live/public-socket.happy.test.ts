import { randomUUID } from 'node:crypto';
import { inboxLogKey } from '@parley/stores';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { deskAgent, visitor } from '../../management/escalations/escalation.test-kit.js';
import { listen, openStream, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

describe('GET /api/public/ws/{token}', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ webSocket: { pingMs: 150, idleMs: 500 } }, { live: { maxEvents: 50 } });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    for (const source of sources) source.close();
    await h?.stop();
  });

  it('carries the same events with the same ids as the SSE stream', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const sse = openStream(baseUrl, token, started.session);
    sources.push(sse.source);
    const ws = sockets.open(baseUrl, token, started.session);
    await Promise.all([sse.opened, ws.opened]);
    const live = h.live!;
    const messageId = randomUUID();
    await live.append(started.conversation_id, { event: 'status', data: { state: 'thinking' } });
    for (const text of ['An ', 'MRI']) await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text } });
    await live.append(started.conversation_id, { event: 'message', data: { id: messageId, role: 'assistant', content: 'An MRI' } });
    const last = await live.append(started.conversation_id, { event: 'status', data: { state: 'idle' } });
    await waitFor(() => sse.received.at(-1)?.id === last && ws.events().at(-1)?.id === last);
    // Both replayed the session's past (its opening lines) and carried what came live, alike.
    expect(ws.events()).toEqual(sse.received);
    expect(ws.events().length).toBeGreaterThanOrEqual(5);
    expect(ws.events().every((frame) => typeof frame.id === 'string' && Object.keys(frame).sort().join() === 'data,event,id')).toBe(true);
  });

  it('resumes after a drop with last_event_id: neither loss nor duplicate', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const live = h.live!;
    const first = sockets.open(baseUrl, token, started.session);
    await first.opened;
    const messageId = randomUUID();
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'one ' } });
    await waitFor(() => first.events().some((frame) => frame.data?.text === 'one '));
    const lastSeen = first.events().at(-1)?.id;
    first.socket.terminate();
    await first.ended;

    // Produced while the visitor was away, then live after the reconnect.
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'two ' } });
    const second = sockets.open(baseUrl, token, started.session, lastSeen);
    await second.opened;
    await live.append(started.conversation_id, { event: 'delta', data: { message_id: messageId, text: 'three' } });
    await waitFor(() => second.events().some((frame) => frame.data?.text === 'three'));
    const all = [...first.events(), ...second.events()];
    expect(new Set(all.map((frame) => frame.id)).size).toBe(all.length);
    expect(all.filter((frame) => frame.event === 'delta').map((frame) => frame.data.text)).toEqual(['one ', 'two ', 'three']);
    expect(second.events()[0]?.data.text).toBe('two ');
  });

  it('answers a message with an ack carrying the stored message id, after the events the message caused', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'Is my bike ready?', client_id: 'c-1' });
    await waitFor(() => ws.frames.some((frame) => frame.type === 'ack'));
    const ackAt = ws.frames.findIndex((frame) => frame.type === 'ack');
    const ack = ws.frames[ackAt];
    expect(ack).toEqual({ type: 'ack', client_id: 'c-1', message_id: expect.any(String) });
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${started.session}`);
    const stored = history.body.messages.find((m: { content: string }) => m.content === 'Is my bike ready?');
    expect(stored?.id).toBe(ack?.message_id);
    // Before the ack: the visitor's own message, the agent's reply, the status back to idle.
    const before = ws.frames.slice(0, ackAt);
    expect(before.some((frame) => frame.event === 'message' && frame.data.id === ack?.message_id && frame.data.role === 'user')).toBe(true);
    expect(before.some((frame) => frame.event === 'message' && frame.data.role === 'assistant' && frame.data.content === 'Noted.')).toBe(true);
    expect(before.at(-1)).toMatchObject({ event: 'status', data: { state: 'idle' } });
  });

  it('answers messages in the order sent, each acknowledged once', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    for (const n of [1, 2, 3]) ws.send({ type: 'message', content: `message ${n}`, client_id: `c-${n}` });
    await waitFor(() => ws.frames.filter((frame) => frame.type === 'ack').length === 3, { timeoutMs: 10_000 });
    expect(ws.frames.filter((frame) => frame.type === 'ack').map((frame) => frame.client_id)).toEqual(['c-1', 'c-2', 'c-3']);
    const users = ws.events().filter((frame) => frame.event === 'message' && frame.data.role === 'user');
    // After the session's first message (replayed from its log), the three in the order sent.
    expect(users.map((frame) => frame.data.content)).toEqual(['hello', 'message 1', 'message 2', 'message 3']);
  });

  it("a message's context is taken into its session's collected data before its turn, as a chat POST's is", async () => {
    const { agent, token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'on pricing', client_id: 'c-ctx-1', context: { page: '/pricing', variables: { plan: 'pro' } } });
    ws.send({ type: 'message', content: 'on checkout', client_id: 'c-ctx-2', context: { page: '/checkout' } });
    await waitFor(() => ws.frames.filter((frame) => frame.type === 'ack').length === 2, { timeoutMs: 10_000 });
    const view = await h.admin('GET', `/api/conversations/${started.conversation_id}`, undefined, agent.tenantId);
    expect(view.body.collected_data).toEqual({ 'context.page': '/checkout', 'context.plan': 'pro' });
  });

  it('a message sent again with its client_id after a reconnect (on another socket) gets the same ack and runs no second turn; another content under it is refused', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const first = sockets.open(baseUrl, token, started.session);
    await first.opened;
    first.send({ type: 'message', content: 'Is my bike ready?', client_id: 'resend-1' });
    await waitFor(() => first.frames.some((frame) => frame.type === 'ack'), { timeoutMs: 10_000 });
    first.socket.terminate();
    // The client never saw the ack (say): it reconnects and sends the message again.
    const second = sockets.open(baseUrl, token, started.session);
    await second.opened;
    second.send({ type: 'message', content: 'Is my bike ready?', client_id: 'resend-1' });
    second.send({ type: 'message', content: 'Something else', client_id: 'resend-1' });
    await waitFor(() => second.frames.filter((frame) => frame.type === 'ack' || frame.type === 'error').length === 2, { timeoutMs: 10_000 });
    const answers = second.frames.filter((frame) => frame.type === 'ack' || frame.type === 'error');
    expect(answers[0]).toEqual(first.frames.find((frame) => frame.type === 'ack'));
    expect(answers[1]).toMatchObject({ type: 'error', client_id: 'resend-1', error: { code: 'conflict', details: { reason: 'idempotency_key_reused' } } });
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${started.session}`);
    expect(
      history.body.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`).filter((line: string) => line.startsWith('user')),
    ).toEqual(['user: hello', 'user: Is my bike ready?']);
  });

  it('while escalated: the message is acknowledged and reaches the operators, the agent stays silent; typing reaches them too', async () => {
    const { agent, token, link } = await seedLink(h, deskAgent);
    const started = await startSession(h, link, 'hello');
    const escalated = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session: started.session, reason: 'a person please' });
    expect(escalated.status, escalated.text).toBe(201);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'Anyone there?', client_id: 'c-esc' });
    await waitFor(() => ws.frames.some((frame) => frame.type === 'ack'));
    const ack = ws.frames.find((frame) => frame.type === 'ack');
    expect(ack?.client_id).toBe('c-esc');
    const afterEscalation = ws.events().slice(ws.events().findIndex((frame) => frame.event === 'escalation'));
    expect(afterEscalation.filter((frame) => frame.event === 'message' && frame.data.role === 'assistant')).toEqual([]);
    const inbox = inboxLogKey(agent.tenantId);
    await waitFor(async () =>
      (await h.live!.readAfter(inbox, undefined)).events.some((e) => e.event === 'message' && (e.data as { id?: string }).id === ack?.message_id),
    );

    ws.send({ type: 'typing' });
    await waitFor(async () =>
      (await h.live!.readAfter(inbox, undefined)).events.some((e) => e.event === 'status' && (e.data as { by?: string }).by === 'visitor'),
    );
  });

  it('a message that ends the session is acknowledged, then the socket closes with 1000', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'stop now', client_id: 'c-stop' });
    const ended = await ws.ended;
    expect(ended).toMatchObject({ kind: 'closed', code: 1000 });
    const endAt = ws.frames.findIndex((frame) => frame.event === 'session_ended');
    const ackAt = ws.frames.findIndex((frame) => frame.type === 'ack');
    expect(endAt).toBeGreaterThanOrEqual(0);
    expect(ackAt).toBeGreaterThan(endAt);
  });

  it('pings at the configured interval; a client that answers stays, a silent one is dropped', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const answering = sockets.open(baseUrl, token, started.session);
    const silent = sockets.open(baseUrl, token, started.session, undefined, { autoPong: false });
    await Promise.all([answering.opened, silent.opened]);
    let pings = 0;
    answering.socket.on('ping', () => pings++);
    const openedAt = Date.now();
    const dropped = await silent.ended;
    const silentFor = Date.now() - openedAt;
    // Dropped once its 500 ms of silence are up (public-socket.idle.test.ts holds it to the bound).
    expect(dropped).toMatchObject({ kind: 'closed', code: 1006 });
    expect(silentFor).toBeGreaterThanOrEqual(450);
    expect(silentFor).toBeLessThan(1_500);
    // Pinged five times since it opened (750 ms, past the 500 ms allowance), and still there.
    await waitFor(() => pings >= 5, { timeoutMs: 5_000 });
    expect(answering.socket.readyState).toBe(1);
    // A client's own frames count as signs of life too: one that answers no ping outlives five of them.
    const chatty = sockets.open(baseUrl, token, started.session, undefined, { autoPong: false });
    await chatty.opened;
    let unanswered = 0;
    chatty.socket.on('ping', () => unanswered++);
    const timer = setInterval(() => chatty.send({ type: 'typing' }), 150);
    try {
      await waitFor(() => unanswered >= 5 || chatty.socket.readyState !== 1, { timeoutMs: 5_000 });
    } finally {
      clearInterval(timer);
    }
    expect(chatty.socket.readyState).toBe(1);
  });

  it('tells its clients the gateway is going away (1001) when it closes', async () => {
    const another = await h.startGateway();
    const url = await listen(another);
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(url, token, started.session);
    await ws.opened;
    const closing = another.close();
    expect(await ws.ended).toMatchObject({ kind: 'closed', code: 1001 });
    await closing;
  });
});
