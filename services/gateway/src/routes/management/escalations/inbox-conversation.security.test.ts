import { inboxLogKey } from '@parley/stores';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { deskAgent, operator, visitor } from './escalation.test-kit.js';
import { desk, escalatedVisitor, generousPublicLimits } from './inbox-conversation.test-kit.js';
import { operatorMember } from './operators.test-kit.js';

const NOTE = 'Internal: the customer sounded upset, offer a voucher';

/**
 * Who may note, label and search (docs/escalation.md "The inbox", docs/management-api.md "Roles"),
 * and where a note never goes: the visitor's history, their live events, another tenant.
 */
describe('the inbox as a conversation: who sees what', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
  });
  afterAll(async () => h?.stop());

  it('never shows a note to the visitor: not in their history, not in their live events; their conversation goes on untouched', async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['I need a person']);
    await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/claim`);
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: NOTE })).status).toBe(201);
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/messages`, { content: 'Hello, Dana here.' })).status).toBe(201);

    const history = await visitor(h, 'GET', `/api/public/history/${d.token}?session=${c.session}`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.messages.map((m: { role: string; content: string }) => m.content)).toContain('Hello, Dana here.');
    expect(history.text).not.toMatch(/voucher|upset|note_/);
    // The visitor's live log has the operator's message, and nothing of the note.
    const live = await h.live?.readAfter(c.conversationId, undefined, 1_000);
    const events = JSON.stringify(live?.events);
    expect(events).toContain('Hello, Dana here.');
    expect(events).not.toMatch(/voucher|upset|"note"/);
    // The operators' inbox log has it.
    expect(JSON.stringify((await h.live?.readAfter(inboxLogKey(d.tenantId), undefined, 1_000))?.events)).toContain('voucher');
    // Nor is a label anything the visitor sees.
    await h.withKey(d.dana, 'PUT', `/api/conversations/${c.conversationId}/labels`, { labels: ['angry-customer'] });
    expect((await visitor(h, 'GET', `/api/public/history/${d.token}?session=${c.session}`)).text).not.toContain('angry-customer');
  });

  it("another tenant's key (and the admin key for another tenant) notes, labels and finds none of the tenant's conversations", async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['the zeppelin is late']);
    const outsider = await h.seedTenant('Elsewhere');
    expectError(await h.withKey(outsider.key, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: 'mine now' }), 404, 'not_found');
    expectError(await h.withKey(outsider.key, 'PUT', `/api/conversations/${c.conversationId}/labels`, { labels: ['stolen'] }), 404, 'not_found');
    const searched = await h.withKey(outsider.key, 'GET', '/api/conversations?q=zeppelin');
    expect(searched.status, searched.text).toBe(200);
    expect(searched.body.conversations).toEqual([]);
    expect((await h.withKey(outsider.key, 'GET', '/api/conversations')).body.conversations).toEqual([]);
    expectError(await h.admin('POST', `/api/inbox/${c.escalationId}/notes`, { text: 'wrong tenant' }, outsider.tenantId), 404, 'not_found');
    expect((await h.admin('GET', '/api/conversations?q=zeppelin', undefined, outsider.tenantId)).body.conversations).toEqual([]);
    // The tenant's own finds it; nothing of the outsider's attempts was kept.
    expect((await h.withKey(d.dana, 'GET', '/api/conversations?q=zeppelin')).body.conversations).toHaveLength(1);
    expect(await h.ctx.db.selectFrom('conversation_notes').select('text').where('conversation_id', '=', c.conversationId).execute()).toEqual([]);
    expect((await h.withKey(d.dana, 'GET', `/api/conversations/${c.conversationId}`)).body.labels).toEqual([]);
  });

  it('a viewer neither notes, labels nor searches (403, naming the operator role); no key, no answer (401)', async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['hello']);
    const viewer = (await h.admin('POST', `/api/tenants/${d.tenantId}/keys`, { name: 'Watcher', role: 'viewer' })).body.key as string;
    for (const [method, url, body] of [
      ['POST', `/api/inbox/${c.escalationId}/notes`, { text: 'x' }],
      ['PUT', `/api/conversations/${c.conversationId}/labels`, { labels: ['x'] }],
      ['GET', '/api/conversations?q=hello', undefined],
    ] as const) {
      const refused = await h.withKey(viewer, method, url, body);
      expectError(refused, 403, 'forbidden');
      expect(refused.body.error.details).toMatchObject({ required_role: 'operator', role: 'viewer' });
      expectError(
        await h.inject({ method, url, ...(body ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) } : {}) }),
        401,
        'unauthorized',
      );
      // A visitor's session credential opens nothing here.
      expectError(await h.inject({ method, url, headers: { authorization: `Bearer ${c.session}` } }), 401, 'unauthorized');
    }
  });

  it("an operator of one team notes, labels and finds its conversations and the tenant queue's, never another team's", async () => {
    const { tenantId, key: owner } = await h.seedTenant('Two desks');
    const ana = await operatorMember(h, tenantId, 'Ana');
    const bo = await operatorMember(h, tenantId, 'Bo');
    const teamA = (await h.withKey(owner, 'POST', '/api/teams', { name: 'A', members: [ana.memberId] })).body.id as string;
    const teamB = (await h.withKey(owner, 'POST', '/api/teams', { name: 'B', members: [bo.memberId] })).body.id as string;
    const agent = await h.withKey(owner, 'POST', '/api/agents', { name: 'desk', config: deskAgent });
    expect(agent.status, agent.text).toBe(201);
    const linkFor = async (team: string) =>
      (
        await h.bus.request('links.links.create', {
          tenantId,
          agentName: 'desk',
          settings: { title: 'Help', rate_limit_per_minute: 10_000, team } as never,
          publicBaseUrl: 'http://127.0.0.1',
        })
      ).token;
    const a = await escalatedVisitor(h, await linkFor(teamA), 'hi', ['my kayak paddle snapped']);
    const b = await escalatedVisitor(h, await linkFor(teamB), 'hi', ['my kayak seat is torn']);

    expect((await ana.call('POST', `/api/inbox/${a.escalationId}/notes`, { text: 'A note' })).status).toBe(201);
    expect((await ana.call('PUT', `/api/conversations/${a.conversationId}/labels`, { labels: ['kayak'] })).status).toBe(200);
    const unknown = await ana.call('PUT', '/api/conversations/00000000-0000-4000-8000-000000000000/labels', { labels: ['kayak'] });
    const hidden = await ana.call('PUT', `/api/conversations/${b.conversationId}/labels`, { labels: ['kayak'] });
    expectError(hidden, 404, 'not_found');
    // Said exactly as for a conversation that does not exist.
    expect(hidden.body.error.message).toBe(unknown.body.error.message);
    expectError(await ana.call('POST', `/api/inbox/${b.escalationId}/notes`, { text: 'not mine' }), 404, 'not_found');
    const found = await ana.call('GET', '/api/conversations?q=kayak');
    expect(found.body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([a.conversationId]);
    expect((await bo.call('GET', '/api/conversations?q=kayak')).body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([
      b.conversationId,
    ]);
    // Nor does Bo read A's conversation with its note; an owner does.
    expect((await bo.call('GET', `/api/conversations/${a.conversationId}`)).status).toBe(404);
    expect(JSON.stringify((await h.withKey(owner, 'GET', `/api/conversations/${a.conversationId}`)).body.notes)).toContain('A note');
    ana.leave();
    bo.leave();
  });

  it("notes and labels are the visitor's data: in their export, gone with their erasure and with retention", async () => {
    const d = await desk(h, { name: 'Eva Berg', email: 'eva@example.com' });
    const c = await escalatedVisitor(h, d.token, 'hi', ['please call me']);
    await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: NOTE });
    await h.withKey(d.dana, 'PUT', `/api/conversations/${c.conversationId}/labels`, { labels: ['callback'] });
    await operator(h, d.dana, 'GET', `/api/conversations/${c.conversationId}`);

    const exported = await h.admin('GET', '/api/visitors/eva@example.com/export', undefined, d.tenantId);
    expect(exported.status, exported.text).toBe(200);
    const [conversation] = exported.body.conversations;
    expect(conversation).toMatchObject({
      id: c.conversationId,
      labels: ['callback'],
      notes: [{ text: NOTE, author_name: 'Dana', created_at: expect.any(String) }],
    });
    // The note's live event is among the inbox events about the conversation.
    expect(JSON.stringify(exported.body)).toMatch(/"event":"note"/);

    const erased = await h.admin('DELETE', '/api/visitors/eva@example.com', undefined, d.tenantId);
    expect(erased.status, erased.text).toBe(200);
    const kept = async (conversationId: string) => ({
      notes: (await h.ctx.db.selectFrom('conversation_notes').select('id').where('conversation_id', '=', conversationId).execute()).length,
      reads: (await h.ctx.db.selectFrom('conversation_reads').select('reader_id').where('conversation_id', '=', conversationId).execute()).length,
      labels: (await h.ctx.db.selectFrom('text_conversations').select('labels').where('id', '=', conversationId).executeTakeFirstOrThrow()).labels,
    });
    expect(await kept(c.conversationId)).toEqual({ notes: 0, reads: 0, labels: [] });
    expect(JSON.stringify((await h.live?.readAfter(inboxLogKey(d.tenantId), undefined, 1_000))?.events)).not.toContain('voucher');

    // Retention: an ended conversation's notes, read marks and labels go with its messages.
    const old = await escalatedVisitor(h, d.token, 'hi', ['an old question']);
    await operator(h, d.dana, 'POST', `/api/inbox/${old.escalationId}/notes`, { text: 'old note' });
    await h.withKey(d.dana, 'PUT', `/api/conversations/${old.conversationId}/labels`, { labels: ['old'] });
    await operator(h, d.dana, 'GET', `/api/conversations/${old.conversationId}`);
    await operator(h, d.dana, 'POST', `/api/inbox/${old.escalationId}/claim`);
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${old.escalationId}/close`)).status).toBe(200);
    await h.ctx.db.updateTable('text_conversations').set({ ended_at: sql<Date>`now() - interval '40 days'` }).where('id', '=', old.conversationId).execute();
    expect(await h.purgeEnded([old.conversationId], 30)).toBeGreaterThanOrEqual(1);
    expect(await kept(old.conversationId)).toEqual({ notes: 0, reads: 0, labels: [] });
  });
});
