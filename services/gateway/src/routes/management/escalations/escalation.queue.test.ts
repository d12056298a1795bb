import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink } from '../../public/live/public-events.test-kit.js';
import { socketOpener } from '../../public/live/public-socket.test-kit.js';
import { deskAgent, follow, generousPublicLimits, operator, operatorKey, visitor } from './escalation.test-kit.js';

/** What a visitor's stream says of their escalation, newest last. */
interface Place {
  id: string;
  state: string;
  position: number | null;
  estimated_wait_seconds: number | null;
  operator: { name: string } | null;
}

describe('the waiting queue, live: a visitor is told their new place and wait whenever the queue ahead moves', () => {
  let h: GatewayHarness;
  let base: string;
  const sockets = socketOpener();
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
    base = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    for (const source of sources) source.close();
    await h?.stop();
  });

  /** A visitor who starts a session, follows it live (SSE, or the WebSocket) and asks for a person. */
  async function waitingVisitor(token: string, reason: string, via: 'sse' | 'ws') {
    const started = await visitor(h, 'POST', `/api/public/sessions/${token}`, {});
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;
    let places: () => Place[];
    if (via === 'sse') {
      const stream = follow(`${base}/api/public/events/${token}?session=${session}`, ['escalation']);
      sources.push(stream.source);
      await stream.opened;
      places = () => stream.received.map((event) => event.data as Place);
    } else {
      const ws = sockets.open(base, token, session);
      await ws.opened;
      places = () =>
        ws
          .events()
          .filter((frame) => frame.event === 'escalation')
          .map((frame) => frame.data as Place);
    }
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason });
    expect(asked.status, asked.text).toBe(201);
    const id = asked.body.escalation.id as string;
    return {
      session,
      id,
      created: asked.body.escalation,
      latest: () =>
        places()
          .filter((place) => place.id === id)
          .at(-1),
    };
  }

  it('a claim, a release and a close ahead move everyone behind up, with a new expected wait, on SSE and WebSocket alike', async () => {
    const { agent, token } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const olga = await operatorKey(h, agent.tenantId, 'Olga');
    const ann = await waitingVisitor(token, 'Ann: a refund', 'sse');
    const ben = await waitingVisitor(token, 'Ben: a delivery', 'sse');
    const cid = await waitingVisitor(token, 'Cid: an invoice', 'sse');
    const dee = await waitingVisitor(token, 'Dee: a password', 'ws');
    // With no claims to go by, each place ahead counts as the notice time (120 s by default).
    expect([ann, ben, cid, dee].map((v) => [v.created.position, v.created.estimated_wait_seconds])).toEqual([
      [1, 120],
      [2, 240],
      [3, 360],
      [4, 480],
    ]);
    await waitFor(() => expect(dee.latest()).toMatchObject({ state: 'waiting', position: 4, estimated_wait_seconds: 480 }));

    // Ann is taken: everyone behind her moves up one place, and the wait is now what her claim took.
    expect((await operator(h, olga, 'POST', `/api/inbox/${ann.id}/claim`)).status).toBe(200);
    // How long Ann waited, to the microsecond as the database has it.
    const { perPlace } = await h.ctx.db
      .selectFrom('escalations')
      .select(sql<number>`extract(epoch FROM claimed_at - created_at)::float8`.as('perPlace'))
      .where('id', '=', ann.id)
      .executeTakeFirstOrThrow();
    const wait = (places: number) => Math.max(1, Math.round(perPlace * places));
    await waitFor(() => {
      expect(ann.latest()).toMatchObject({ state: 'claimed', position: null, estimated_wait_seconds: null, operator: { name: 'Olga' } });
      expect(ben.latest()).toEqual({ id: ben.id, state: 'waiting', position: 1, estimated_wait_seconds: wait(1), operator: null });
      expect(cid.latest()).toEqual({ id: cid.id, state: 'waiting', position: 2, estimated_wait_seconds: wait(2), operator: null });
      expect(dee.latest()).toEqual({ id: dee.id, state: 'waiting', position: 3, estimated_wait_seconds: wait(3), operator: null });
    });
    expect(ben.latest()?.estimated_wait_seconds).toBeLessThan(ben.created.estimated_wait_seconds);
    // What Ben's stream says is what a message of his is answered with.
    const asking = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'how long?', session: ben.session });
    expect(asking.body.escalation).toEqual({ id: ben.id, state: 'waiting', position: 1, estimated_wait_seconds: wait(1) });

    // Ben, still waiting, is handed back to the agent: Cid and Dee move up.
    expect((await operator(h, olga, 'POST', `/api/inbox/${ben.id}/release`)).status).toBe(200);
    await waitFor(() => {
      expect(ben.latest()).toMatchObject({ state: 'released', position: null });
      expect(cid.latest()).toMatchObject({ state: 'waiting', position: 1, estimated_wait_seconds: wait(1) });
      expect(dee.latest()).toMatchObject({ state: 'waiting', position: 2, estimated_wait_seconds: wait(2) });
    });

    // Cid's escalation is closed while waiting: Dee is next.
    expect((await operator(h, olga, 'POST', `/api/inbox/${cid.id}/close`)).status).toBe(200);
    await waitFor(() => {
      expect(cid.latest()).toMatchObject({ state: 'closed', position: null });
      expect(dee.latest()).toMatchObject({ state: 'waiting', position: 1, estimated_wait_seconds: wait(1) });
    });
    const queue = await operator(h, olga, 'GET', '/api/inbox?state=waiting');
    expect(queue.body.items.map((item: { escalation_id: string; position: number }) => [item.escalation_id, item.position])).toEqual([[dee.id, 1]]);
  });

  it('a claim in another tenant moves nobody here', async () => {
    const here = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const there = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000 });
    const first = await waitingVisitor(here.token, 'first here', 'sse');
    const second = await waitingVisitor(here.token, 'second here', 'sse');
    const elsewhere = await waitingVisitor(there.token, 'elsewhere', 'sse');
    const key = await operatorKey(h, there.agent.tenantId, 'Zed');
    expect((await operator(h, key, 'POST', `/api/inbox/${elsewhere.id}/claim`)).status).toBe(200);
    await waitFor(() => expect(elsewhere.latest()).toMatchObject({ state: 'claimed' }));
    expect(first.latest()).toMatchObject({ position: 1 });
    expect(second.latest()).toMatchObject({ position: 2, estimated_wait_seconds: 240 });
  });
});
