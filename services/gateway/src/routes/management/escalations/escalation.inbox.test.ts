import { compareEventIds, inboxLogKey, parseEventId } from '@parley/stores';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, type Received, seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, follow, generousPublicLimits, operator, operatorKey, seedAgentLink, visitor } from './escalation.test-kit.js';

interface Item {
  escalation_id: string;
  agent: string;
  channel: string;
  state: string;
  waiting_since: string;
  position: number | null;
  operator: { name: string } | null;
}

describe("the operators' inbox: what it lists, in which order, and its live events resumed", () => {
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

  /** A visitor of a link who asks for a person: the escalation as created. */
  async function escalateVisitor(token: string, reason: string) {
    const session = (await visitor(h, 'POST', `/api/public/sessions/${token}`, {})).body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason });
    expect(asked.status, asked.text).toBe(201);
    return { session, id: asked.body.escalation.id as string, createdAt: asked.body.escalation.created_at as string };
  }

  /** A Text Chat API session of an agent handed to a person: the escalation as created. */
  async function escalateApi(tenantId: string, agentId: string, reason: string) {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
    expect(created.status, created.text).toBe(201);
    const asked = await h.signed('POST', `/api/chat/sessions/${created.body.session_id}/escalate`, { reason });
    expect(asked.status, asked.text).toBe(201);
    return { sessionId: created.body.session_id as string, id: asked.body.escalation.id as string, createdAt: asked.body.escalation.created_at as string };
  }

  const list = async (key: string, query = '') => {
    const answer = await operator(h, key, 'GET', `/api/inbox${query}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body.items as Item[];
  };
  const ids = (items: Item[]) => items.map((item) => item.escalation_id);

  it('lists escalations across two agents oldest first with waiting_since; ?agent= and state= narrow it; open ones come before history', async () => {
    const { agent: desk, token: deskToken } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const billing = await seedAgentLink(h, desk.tenantId, 'billing');
    const alice = await operatorKey(h, desk.tenantId, 'Alice');
    // Six escalations, the two agents taking turns, by the public link and the Text Chat API.
    const e1 = await escalateVisitor(deskToken, 'desk 1');
    const e2 = await escalateApi(desk.tenantId, billing.agentId, 'billing 2');
    const e3 = await escalateVisitor(deskToken, 'desk 3');
    const e4 = await escalateVisitor(billing.token, 'billing 4');
    const e5 = await escalateApi(desk.tenantId, desk.agentId, 'desk 5');
    const e6 = await escalateVisitor(billing.token, 'billing 6');
    expect((await operator(h, alice, 'POST', `/api/inbox/${e3.id}/claim`)).status).toBe(200);
    expect((await operator(h, alice, 'POST', `/api/inbox/${e4.id}/release`)).status).toBe(200);
    expect((await operator(h, alice, 'POST', `/api/inbox/${e6.id}/close`)).status).toBe(200);

    // Open (the default): waiting and claimed, oldest first, each waiting since it was asked for.
    const open = await list(alice);
    expect(open).toEqual([
      expect.objectContaining({
        escalation_id: e1.id,
        agent: desk.name,
        channel: 'link',
        state: 'waiting',
        position: 1,
        waiting_since: e1.createdAt,
        operator: null,
      }),
      expect.objectContaining({ escalation_id: e2.id, agent: 'billing', channel: 'api', state: 'waiting', position: 2, waiting_since: e2.createdAt }),
      expect.objectContaining({
        escalation_id: e3.id,
        agent: desk.name,
        channel: 'link',
        state: 'claimed',
        position: null,
        waiting_since: e3.createdAt,
        operator: { name: 'Alice' },
      }),
      expect.objectContaining({ escalation_id: e5.id, agent: desk.name, channel: 'api', state: 'waiting', position: 3, waiting_since: e5.createdAt }),
    ]);
    const since = open.map((item) => Date.parse(item.waiting_since));
    expect(since).toEqual([...since].sort((a, b) => a - b));
    expect(await list(alice, '?state=open')).toEqual(open);
    expect(ids(await list(alice, '?state=waiting'))).toEqual([e1.id, e2.id, e5.id]);
    expect(ids(await list(alice, '?state=claimed'))).toEqual([e3.id]);
    // All: the open ones as above, then the finished ones, the most recently finished first.
    const all = await list(alice, '?state=all');
    expect(ids(all)).toEqual([e1.id, e2.id, e3.id, e5.id, e6.id, e4.id]);
    expect(all.slice(4).map((item) => [item.state, item.position])).toEqual([
      ['closed', null],
      ['released', null],
    ]);

    // One agent: its escalations only, in the same order; positions stay the tenant's queue places.
    expect((await list(alice, `?agent=${desk.name}`)).map((item) => [item.escalation_id, item.position])).toEqual([
      [e1.id, 1],
      [e3.id, null],
      [e5.id, 3],
    ]);
    expect(ids(await list(alice, '?agent=billing&state=all'))).toEqual([e2.id, e6.id, e4.id]);
    expect(ids(await list(alice, '?agent=billing&state=waiting'))).toEqual([e2.id]);

    // An agent the tenant does not have is not found, as everywhere an agent is named – also one another tenant has.
    expectError(await operator(h, alice, 'GET', '/api/inbox?agent=nobody'), 404, 'not_found', /agent/);
    const elsewhere = await h.seedAgent(deskAgent, 'elsewhere-desk');
    expectError(await operator(h, alice, 'GET', `/api/inbox?agent=${elsewhere.name}`), 404, 'not_found', /agent/);
    expectError(await operator(h, alice, 'GET', '/api/inbox?state=pending'), 400, 'invalid');
    expectError(await operator(h, alice, 'GET', '/api/inbox?agent='), 400, 'invalid');
  });

  it('state=all past its 200 items: the conversations waiting now are never cut off by older history', async () => {
    const agent = await h.seedAgent(deskAgent, 'busy-desk');
    const bob = await operatorKey(h, agent.tenantId, 'Bob');
    // 220 escalations handled and released, on twenty sessions at once.
    const sessions = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId })).body.session_id as string,
      ),
    );
    const released: string[] = [];
    await Promise.all(
      sessions.map(async (sessionId) => {
        for (let round = 0; round < 11; round++) {
          const asked = await h.signed('POST', `/api/chat/sessions/${sessionId}/escalate`, { reason: `round ${round}` });
          expect(asked.status, asked.text).toBe(201);
          expect((await operator(h, bob, 'POST', `/api/inbox/${asked.body.escalation.id}/release`)).status).toBe(200);
          released.push(asked.body.escalation.id);
        }
      }),
    );
    // Two visitors waiting now: newer than all of that history.
    const first = await escalateApi(agent.tenantId, agent.agentId, 'waiting now');
    const second = await escalateApi(agent.tenantId, agent.agentId, 'also waiting');

    const all = await list(bob, '?state=all');
    expect(all).toHaveLength(200);
    expect(all.slice(0, 2).map((item) => [item.escalation_id, item.state, item.position])).toEqual([
      [first.id, 'waiting', 1],
      [second.id, 'waiting', 2],
    ]);
    // Then the history, the most recently released first: the oldest are the ones left out.
    const history = ids(all.slice(2));
    const rows = await h.ctx.db
      .selectFrom('escalations')
      .select(['id', 'updated_at'])
      .where('id', 'in', released)
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    expect(history).toEqual(rows.slice(0, 198).map((row) => row.id));
    expect(ids(await list(bob))).toEqual([first.id, second.id]);
  }, 60_000);

  it('GET /api/inbox/events resumes after Last-Event-ID (or last_event_id) with neither loss nor duplicate', async () => {
    const { agent, token } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const carol = await operatorKey(h, agent.tenantId, 'Carol');
    const auth = { authorization: `Bearer ${carol}` };
    const names = ['escalation', 'message', 'status'];
    const url = `${base}/api/inbox/events`;
    const open = async (headers: Record<string, string> = {}, query = '') => {
      const stream = follow(`${url}${query}`, names, { ...auth, ...headers });
      sources.push(stream.source);
      await stream.opened;
      return stream;
    };

    const first = await open();
    const ann = await escalateVisitor(token, 'Ann');
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'Ann: hello?', session: ann.session })).status).toBe(200);
    await waitFor(() => first.received.some((event) => event.event === 'message' && event.data.content === 'Ann: hello?'));
    const lastSeen = first.received.at(-1)!.id;
    first.source.close();

    // While the operator is away: another visitor asks, Ann writes again, a colleague claims her.
    const ben = await escalateVisitor(token, 'Ben');
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'Ann: still there?', session: ann.session })).status).toBe(200);
    const dave = await operatorKey(h, agent.tenantId, 'Dave');
    expect((await operator(h, dave, 'POST', `/api/inbox/${ann.id}/claim`)).status).toBe(200);

    const resumed = await open({ 'last-event-id': lastSeen });
    // And live again: the colleague answers, Ben types.
    expect((await operator(h, dave, 'POST', `/api/inbox/${ann.id}/messages`, { content: 'Dave here.' })).status).toBe(201);
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/typing`, { session: ben.session })).status).toBe(204);
    await waitFor(() => resumed.received.some((event) => event.event === 'status' && event.data.by === 'visitor'));

    // Together the two streams are the tenant's inbox log, each event once, in order.
    const log = await h.live!.readAfter(inboxLogKey(agent.tenantId), undefined, 1_000);
    const both = [...first.received, ...resumed.received];
    expect(both.map((event) => event.id)).toEqual(log.events.map((event) => event.id));
    const after = parseEventId(lastSeen)!;
    expect(resumed.received.every((event) => compareEventIds(parseEventId(event.id)!, after) > 0)).toBe(true);
    const summary = (events: Received[]) => events.map((event) => [event.event, event.data.state ?? event.data.content ?? null]);
    expect(summary(resumed.received)).toEqual([
      ['escalation', 'waiting'],
      ['message', 'Ann: still there?'],
      ['escalation', 'claimed'],
      ['message', 'Dave here.'],
      ['status', 'typing'],
    ]);
    expect(resumed.received.find((event) => event.event === 'escalation')?.data.escalation_id).toBe(ben.id);

    // The query parameter resumes alike (for clients that cannot set the header).
    const byQuery = await open({}, `?last_event_id=${encodeURIComponent(lastSeen)}`);
    await waitFor(() => byQuery.received.length >= resumed.received.length);
    expect(byQuery.received.map((event) => event.id)).toEqual(resumed.received.map((event) => event.id));
  });
});
