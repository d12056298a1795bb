import { randomToken } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../test/public-link-fixtures.js';

describe('public chat refuses', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  const chat = (token: string, body: Record<string, unknown>, path = '') => h.inject(visitorPost(`/api/public/chat/${token}${path}`, body));
  const everyRoute = (token: string, session?: string) => [
    h.inject({ method: 'GET', url: `/api/public/links/${token}` }),
    chat(token, { content: 'hi', ...(session ? { session } : {}) }),
    chat(token, { content: 'hi' }, '/new'),
    h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${session ?? `pcs_${randomToken(24)}`}` }),
  ];

  it("a context, at a session's start or with a message: names of letters, digits and _, at most 20 variables of at most 1,000 characters, the page not twice, storable text", async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    const start = (context: unknown) => h.inject(visitorPost(`/api/public/sessions/${link.token}`, { context }));
    const first = await chat(link.token, { content: 'hi' });
    const session = first.body.session as string;
    /** Every way a context comes: a session's start, a message starting one, a new conversation, a message of one under way. */
    const sends = [
      start,
      (context: unknown) => chat(link.token, { content: 'hi', context }),
      (context: unknown) => chat(link.token, { content: 'hi', context }, '/new'),
      (context: unknown) => chat(link.token, { content: 'hi', session, context }),
    ];
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`v${i}`, 'x']));
    const refusals: [unknown, string][] = [
      [{ variables: { 'context.plan': 'pro' } }, 'context.variables'],
      [{ variables: { '1st': 'pro' } }, 'context.variables'],
      [{ variables: { ['a'.repeat(65)]: 'pro' } }, 'context.variables'],
      [{ variables: { plan: 'x'.repeat(1_001) } }, 'context.variables.plan'],
      [{ variables: { plan: 7 } }, 'context.variables.plan'],
      [{ variables: many }, 'context.variables'],
      [{ page: 'x'.repeat(1_001) }, 'context.page'],
      [{ page: '/pricing', variables: { page: '/other' } }, 'context.variables.page'],
      [{ referrer: '/pricing' }, 'context'],
      [{ page: '/a\u0000' }, 'context.page'],
      [{ variables: { plan: 'a\ud800' } }, 'context.variables.plan'],
      ['/pricing', 'context'],
    ];
    for (const send of sends) {
      for (const [context, path] of refusals) {
        const refused = await send(context);
        expectError(refused, 400, 'invalid');
        expect(JSON.stringify(refused.body.error.details), JSON.stringify(context)).toContain(`"path":"body.${path}`);
      }
    }
    // Nothing refused reached the session under way: it has no context.
    const view = await h.admin('GET', `/api/conversations/${first.body.conversation_id}`, undefined, link.tenantId);
    expect(view.body.collected_data).toEqual({});
    // Twenty variables of 1,000 characters each, and 64-character names, are fine.
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${'v'.repeat(62)}${String(i).padStart(2, '0')}`, 'x'.repeat(1_000)]));
    const started = await start({ page: '/pricing', variables: twenty });
    expect(started.status, started.text).toBe(201);
  });

  it('malformed and unknown tokens: 404 on every route', async () => {
    for (const token of ['short', 'x'.repeat(33), `${randomToken(23)}!!!`, randomToken(24)]) {
      for (const response of await Promise.all(everyRoute(encodeURIComponent(token)))) expectError(response, 404, 'not_found');
    }
  });

  it('a deactivated link, then an expired one: 410 for visitors and their sessions; a deleted one: 404', async () => {
    const link = await createLink(h);
    const started = await chat(link.token, { content: 'hi' });
    expect(started.status).toBe(200);
    const manage = (method: string, body?: unknown) => h.admin(method, `/api/agents/${link.agent}/public-links/${link.id}`, body, link.tenantId);

    expect((await manage('PUT', { active: false })).status).toBe(200);
    for (const response of await Promise.all(everyRoute(link.token, started.body.session))) expectError(response, 410, 'gone');

    expect((await manage('PUT', { active: true, expires_at: new Date(Date.now() - 1_000).toISOString() })).status).toBe(200);
    for (const response of await Promise.all(everyRoute(link.token, started.body.session))) expectError(response, 410, 'gone', /expired/);

    expect((await manage('DELETE')).status).toBe(204);
    for (const response of await Promise.all(everyRoute(link.token, started.body.session))) expectError(response, 404, 'not_found');
  });

  it('the message after the last one allowed: 429 quota_exceeded (messages)', async () => {
    const link = await createLink(h, { max_messages_per_session: 2 });
    const first = await chat(link.token, { content: 'one' });
    const second = await chat(link.token, { content: 'two', session: first.body.session });
    expect(second.body.remaining_messages).toBe(0);
    const third = await chat(link.token, { content: 'three', session: first.body.session });
    expectError(third, 429, 'quota_exceeded');
    expect(third.body.error.details).toMatchObject({ quota: 'messages' });
  });

  it('a session past max_sessions, "new conversation" included: 429 quota_exceeded (sessions)', async () => {
    const link = await createLink(h, { max_sessions: 2 });
    const first = await chat(link.token, { content: 'one' });
    expect((await chat(link.token, { content: 'two', session: first.body.session }, '/new')).status).toBe(200);
    for (const response of [await chat(link.token, { content: 'three' }), await chat(link.token, { content: 'four', session: first.body.session }, '/new')]) {
      expectError(response, 429, 'quota_exceeded');
      expect(response.body.error.details).toMatchObject({ quota: 'sessions' });
    }
    // The sessions already started go on.
    expect((await chat(link.token, { content: 'still here', session: first.body.session })).status).toBe(200);
  });

  it('a session idle past the link timeout: 410', async () => {
    const link = await createLink(h, { session_timeout_minutes: 1 });
    const first = await chat(link.token, { content: 'one' });
    await h.ctx.db
      .updateTable('text_conversations')
      .set({ updated_at: sql`now() - interval '2 minutes'` })
      .where('id', '=', first.body.conversation_id)
      .execute();
    expectError(await chat(link.token, { content: 'two', session: first.body.session }), 410, 'gone', /idle/);
  });

  it('Idempotency-Key: the same key with other content is 409 (no turn); a malformed key is 400 naming the header', async () => {
    const link = await createLink(h);
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const send = (content: string, key: string) =>
      h.inject(visitorPost(`/api/public/chat/${link.token}`, { content, session }, { headers: { 'idempotency-key': key } }));
    expect((await send('first words', 'k-1')).status).toBe(200);
    const reused = await send('other words', 'k-1');
    expectError(reused, 409, 'conflict');
    expect(reused.body.error.details).toEqual({ reason: 'idempotency_key_reused' });
    for (const key of ['x'.repeat(256), 'with space']) {
      const bad = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', session }, { headers: { 'idempotency-key': key } }));
      expectError(bad, 400, 'invalid');
      expect(JSON.stringify(bad.body.error.details)).toContain('idempotency-key');
    }
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}` });
    expect(history.body.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: string }) => m.content)).toEqual(['first words']);
  });

  it('bad bodies: 400 naming the field', async () => {
    const link = await createLink(h);
    expectError(await chat(link.token, {}), 400, 'invalid');
    expectError(await chat(link.token, { content: 'x', extra: true }), 400, 'invalid');
    expectError(await h.inject({ method: 'GET', url: `/api/public/history/${link.token}` }), 400, 'invalid');
  });
});
