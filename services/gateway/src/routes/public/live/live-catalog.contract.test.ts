import { decodeLiveEvent, inboxFrame, liveFrame } from '@parley/contracts';
import { inboxLogKey } from '@parley/stores';
import { type FakeLlm, startFakeLlm, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { streamingAgent } from '../../../../test/public-link-fixtures.js';
import { operator, operatorKey, visitor } from '../../management/escalations/escalation.test-kit.js';
import { listen, openStream, seedLink } from './public-events.test-kit.js';

const reply = 'An MRI scan takes about thirty minutes, and it does not hurt.';

/**
 * The live catalog is the contract between the writers (sessions, the agent runner) and every
 * client: a whole conversation – a streamed turn, an escalation, an operator's answer, the end –
 * and each event its log and the tenant's inbox log then hold must be one the catalog parses,
 * with no field it does not know.
 */
describe('the live events every writer appends', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let base: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    base = await listen(h.app);
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  it('a streamed turn, an escalation, an operator reply and the end: each event is catalogued, to the visitor and to the inbox', async () => {
    const { agent, token } = await seedLink(h, streamingAgent);
    llm.setHandler(() => ({ content: reply, chunkDelayMs: 30 }));
    const alice = await operatorKey(h, agent.tenantId, 'Alice');

    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'Does an MRI hurt?' });
    expect(first.status, first.text).toBe(200);
    expect(first.body.response).toBe(reply);
    const session = first.body.session as string;
    const conversationId = first.body.conversation_id as string;
    const stream = openStream(base, token, session);
    await stream.opened;

    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'a person, please' });
    expect(asked.status, asked.text).toBe(201);
    const escalationId = asked.body.escalation.id as string;
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'anyone there?', session })).status).toBe(200);
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/typing`, { session })).status).toBe(204);
    expect((await operator(h, alice, 'POST', `/api/inbox/${escalationId}/claim`)).status).toBe(200);
    expect((await operator(h, alice, 'POST', `/api/inbox/${escalationId}/typing`)).status).toBe(200);
    expect((await operator(h, alice, 'POST', `/api/inbox/${escalationId}/messages`, { content: 'Hi, I am Alice.' })).status).toBe(201);
    expect((await operator(h, alice, 'POST', `/api/inbox/${escalationId}/close`)).status).toBe(200);
    await waitFor(() => stream.received.some((event) => event.event === 'session_ended'), { timeoutMs: 10_000 });
    stream.source.close();

    const visitorLog = (await h.live!.readAfter(conversationId, undefined)).events;
    const inboxLog = (await h.live!.readAfter(inboxLogKey(agent.tenantId), undefined)).events.filter(
      (event) => 'conversation_id' in event.data && event.data.conversation_id === conversationId,
    );
    for (const event of visitorLog) {
      const parsed = liveFrame.safeParse(event);
      expect(parsed.error, JSON.stringify(event)).toBeUndefined();
      // Nothing the catalog does not know: parsing keeps every field.
      expect(parsed.data, JSON.stringify(event)).toEqual(event);
      // And the browsers' decoder reads it as the gateway frames it for the WebSocket.
      expect(decodeLiveEvent(JSON.stringify({ id: event.id, event: event.event, data: event.data }))).toEqual(event);
    }
    for (const event of inboxLog) {
      const parsed = inboxFrame.safeParse(event);
      expect(parsed.error, JSON.stringify(event)).toBeUndefined();
      expect(parsed.data, JSON.stringify(event)).toEqual(event);
    }

    // Every kind of event this conversation caused is there (so each writer was exercised).
    const kinds = (events: Array<{ event: string; data: Record<string, unknown> }>) =>
      new Set(events.map(({ event, data }) => [event, data.state ?? data.role ?? data.reason ?? '', data.by ?? ''].join(' ').trim()));
    expect([...kinds(visitorLog)].sort()).toEqual(
      [
        'delta',
        'escalation claimed',
        'escalation closed',
        'escalation waiting',
        'message assistant',
        'message operator',
        'message user',
        'session_ended closed',
        'status idle',
        'status idle operator',
        'status thinking',
        'status typing',
        'status typing operator',
      ].sort(),
    );
    expect([...kinds(inboxLog)].sort()).toEqual(
      ['escalation claimed', 'escalation closed', 'escalation waiting', 'message operator', 'message user', 'status typing visitor'].sort(),
    );
    // What the visitor's stream carried is the log, event for event.
    expect(stream.received.map((event) => event.id)).toEqual(
      visitorLog.filter((event) => ['delta', 'message', 'status', 'session_ended'].includes(event.event)).map((event) => event.id),
    );
  });
});
