import type { CreateLinkBody } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { uploadRequest, uploadsOn } from '../../../../test/upload-fixtures.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { csvRecords, textChat } from '../exports/csv-export.test-kit.js';
import { deskAgent, follow, generousPublicLimits, visitor } from './escalation.test-kit.js';
import { type OperatorMember, operatorMember } from './operators.test-kit.js';

/**
 * Who reads which conversation (docs/management-api.md "Roles"): an operator the escalations of the tenant's
 * queue, of their own teams and of teams open to all operators, and those assigned to or claimed
 * by them – every other conversation of the tenant is not found to them, as one that does not
 * exist; an owner or editor reads them all.
 */
describe('operators see the conversations their teams give them', () => {
  let h: GatewayHarness;
  let base: string;
  let tenantId: string;
  let ownerKey: string;
  let operatorKey: string;
  let ana: OperatorMember;
  let bo: OperatorMember;
  let ed: OperatorMember;
  let teamA: string;
  let teamB: string;
  const tokens = {} as Record<'a' | 'b' | 'queue', string>;
  let agent: { agentId: string; name: string };

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {}, routing: {} });
    base = await listen(h.app);
    ({ tenantId, key: ownerKey } = await h.seedTenant('Two Teams'));
    operatorKey = (await h.withKey(ownerKey, 'POST', '/api/keys', { name: 'Desk key', role: 'operator' })).body.key;
    ana = await operatorMember(h, tenantId, 'Ana');
    bo = await operatorMember(h, tenantId, 'Bo');
    ed = await operatorMember(h, tenantId, 'Ed', 'editor');
    teamA = (await h.withKey(ownerKey, 'POST', '/api/teams', { name: 'A', members: [ana.memberId] })).body.id;
    const made = await h.withKey(ownerKey, 'POST', '/api/teams', { name: 'B', members: [bo.memberId] });
    expect(made.status, made.text).toBe(201);
    expect(made.body.open_to_all_operators).toBe(false);
    teamB = made.body.id;
    const created = await h.withKey(ownerKey, 'POST', '/api/agents', { name: 'desk', config: deskAgent });
    agent = { agentId: created.body.id, name: 'desk' };
    // Each link's escalations go to its team's queue (B's visitors may send files); the third link's to the tenant's.
    const link = async (settings: Partial<CreateLinkBody>) =>
      (
        await h.bus.request('links.links.create', {
          tenantId,
          agentName: 'desk',
          settings: { title: 'Help', rate_limit_per_minute: 10_000, ...settings } as CreateLinkBody,
          publicBaseUrl: 'http://127.0.0.1',
        })
      ).token;
    tokens.a = await link({ team: teamA });
    tokens.b = await link({ team: teamB, uploads: uploadsOn() });
    tokens.queue = await link({});
  });
  afterAll(async () => {
    for (const member of [ana, bo, ed]) member?.leave();
    await h?.stop();
  });

  /** A visitor on a link asks for a person: their conversation waits in the link's queue. */
  async function escalated(on: 'a' | 'b' | 'queue', said = `hello from ${on}`) {
    const token = tokens[on];
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: said });
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: `help on ${on}` });
    expect(asked.status, asked.text).toBe(201);
    return { token, session, conversationId: first.body.conversation_id as string, id: asked.body.escalation.id as string };
  }

  /** A Text Chat API session of the agent, never escalated. */
  async function apiConversation() {
    const sessionId = await textChat(h, { tenantId, ...agent }, ['my account number is 123']);
    const row = await h.ctx.db.selectFrom('text_conversations').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    return row.id;
  }

  const inboxIds = async (as: (method: string, url: string) => Promise<{ status: number; body: any; text: string }>) => {
    const listed = await as('GET', '/api/inbox?state=all');
    expect(listed.status, listed.text).toBe(200);
    return (listed.body.items as { escalation_id: string }[]).map((item) => item.escalation_id);
  };
  const asKey = (key: string) => (method: string, url: string, body?: unknown) => h.withKey(key, method, url, body);
  const stateOf = async (id: string) =>
    await h.ctx.db.selectFrom('escalations').select(['state', 'operator_name']).where('id', '=', id).executeTakeFirstOrThrow();

  it("an operator of team A reads team A's and the tenant queue's conversations, never team B's escalation nor a Text Chat API session never escalated – those are 404, as what does not exist", async () => {
    const a = await escalated('a');
    const queue = await escalated('queue');
    const b = await escalated('b', 'my card ends in 4242');
    const api = await apiConversation();
    const nowhere = '00000000-0000-4000-8000-000000000000';

    for (const c of [a, queue]) {
      const read = await ana.call('GET', `/api/conversations/${c.conversationId}`);
      expect(read.status, read.text).toBe(200);
      expect(read.body.conversation_id).toBe(c.conversationId);
    }
    const unknown = await ana.call('GET', `/api/conversations/${nowhere}`);
    expectError(unknown, 404, 'not_found');
    for (const hidden of [b.conversationId, api]) {
      const refused = await ana.call('GET', `/api/conversations/${hidden}`);
      expectError(refused, 404, 'not_found');
      // Said exactly as for a conversation that does not exist.
      expect(refused.body.error.message).toBe(unknown.body.error.message);
      expect(refused.text).not.toMatch(/4242|account number/);
    }

    const listed = await inboxIds(ana.call);
    expect(listed).toEqual(expect.arrayContaining([a.id, queue.id]));
    expect(listed).not.toContain(b.id);
    expect((await ana.call('GET', `/api/inbox?team=${teamB}`)).body.items).toEqual([]);

    // Nor may they act on B's escalation: not found, and it stays waiting for team B.
    for (const action of ['claim', 'accept', 'typing', 'release', 'close'])
      expectError(await ana.call('POST', `/api/inbox/${b.id}/${action}`), 404, 'not_found');
    expectError(await ana.call('POST', `/api/inbox/${b.id}/messages`, { content: 'let me' }), 404, 'not_found');
    expectError(await ana.call('POST', `/api/inbox/${b.id}/transfer`, { to_team: teamA }), 404, 'not_found');
    expect(await stateOf(b.id)).toEqual({ state: 'waiting', operator_name: null });

    // Their own team's they claim and answer.
    expect((await ana.call('POST', `/api/inbox/${a.id}/claim`)).status).toBe(200);
    expect((await ana.call('POST', `/api/inbox/${a.id}/messages`, { content: 'Ana here' })).status).toBe(201);
    // Team B's operator, the other way round.
    expect((await bo.call('GET', `/api/conversations/${b.conversationId}`)).status).toBe(200);
    expectError(await bo.call('GET', `/api/conversations/${a.conversationId}`), 404, 'not_found');
    expect(await inboxIds(bo.call)).not.toContain(a.id);
  });

  it("a visitor's file is downloaded by the operators who may read its conversation only", async () => {
    const b = await escalated('b');
    const file = await h.inject(uploadRequest(b.token, b.session, { filename: 'card.txt', data: 'card 4242', type: 'text/plain' }));
    expect(file.status, file.text).toBe(201);
    const url = `/api/conversations/${b.conversationId}/uploads/${file.body.upload_id}`;
    expect((await bo.call('GET', url)).status).toBe(200);
    expect((await h.withKey(ownerKey, 'GET', url)).status).toBe(200);
    const refused = await ana.call('GET', url);
    expectError(refused, 404, 'not_found');
    expect(refused.text).not.toContain('4242');
    expectError(await h.withKey(operatorKey, 'GET', url), 404, 'not_found');
  });

  it('an editor and an owner read every conversation; the transcripts export is theirs, refused to operators', async () => {
    const b = await escalated('b', 'only the editor and owner export this');
    const api = await apiConversation();
    for (const reader of [ed.call, asKey(ownerKey)]) {
      for (const id of [b.conversationId, api]) expect((await reader('GET', `/api/conversations/${id}`)).status).toBe(200);
      expect(await inboxIds(reader)).toContain(b.id);
    }
    const exported = csvRecords(await ed.call('GET', '/api/agents/desk/conversations/export'), /transcripts-[\w-]+\.csv/);
    expect(exported.map((row) => row.content)).toEqual(expect.arrayContaining(['only the editor and owner export this', 'my account number is 123']));
    for (const refused of [ana.call, asKey(operatorKey)]) {
      const answer = await refused('GET', '/api/agents/desk/conversations/export');
      expectError(answer, 403, 'forbidden');
      expect(answer.body.error.details).toMatchObject({ required_role: 'editor', role: 'operator' });
    }
  });

  it('a team opened to all operators is read by every operator – an operator key too, which is in no team – and closed again it is not', async () => {
    const b = await escalated('b');
    const queue = await escalated('queue');
    // A key with the operator role: the tenant's queue only.
    expect((await h.withKey(operatorKey, 'GET', `/api/conversations/${queue.conversationId}`)).status).toBe(200);
    expectError(await h.withKey(operatorKey, 'GET', `/api/conversations/${b.conversationId}`), 404, 'not_found');

    const opened = await h.withKey(ownerKey, 'PUT', `/api/teams/${teamB}`, { open_to_all_operators: true });
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body).toMatchObject({ id: teamB, open_to_all_operators: true, members: [{ member_id: bo.memberId, name: 'Bo' }] });
    expect((await ana.call('GET', `/api/teams/${teamB}`)).body.open_to_all_operators).toBe(true);
    for (const reader of [ana.call, asKey(operatorKey)]) {
      expect((await reader('GET', `/api/conversations/${b.conversationId}`)).status).toBe(200);
      expect(await inboxIds(reader)).toContain(b.id);
    }
    const claimed = await ana.call('POST', `/api/inbox/${b.id}/claim`);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.item).toMatchObject({ state: 'claimed', operator: { name: 'Ana' }, team: { id: teamB, name: 'B' } });

    // Closed again: the key no longer reads it; Ana still does, as it is hers now.
    expect((await h.withKey(ownerKey, 'PUT', `/api/teams/${teamB}`, { open_to_all_operators: false })).body.open_to_all_operators).toBe(false);
    expectError(await h.withKey(operatorKey, 'GET', `/api/conversations/${b.conversationId}`), 404, 'not_found');
    expect((await ana.call('GET', `/api/conversations/${b.conversationId}`)).status).toBe(200);
    expect((await ana.call('POST', `/api/inbox/${b.id}/close`)).status).toBe(200);
  });

  it("an operator's inbox stream carries the escalations and messages they may see, and nothing of team B's", async () => {
    const anaStream = follow(`${base}/api/inbox/events`, ['escalation', 'message', 'status'], { cookie: `parley_session=${ana.cookie}` });
    const ownerStream = follow(`${base}/api/inbox/events`, ['escalation', 'message', 'status'], { authorization: `Bearer ${ownerKey}` });
    await Promise.all([anaStream.opened, ownerStream.opened]);
    try {
      // B's first, then the queue's: once Ana has the queue's, she would have had B's before it.
      const b = await escalated('b');
      expect((await visitor(h, 'POST', `/api/public/chat/${b.token}`, { session: b.session, content: 'secret for team B' })).status).toBe(200);
      expect((await visitor(h, 'POST', `/api/public/chat/${b.token}/typing`, { session: b.session })).status).toBe(204);
      const queue = await escalated('queue');
      expect((await visitor(h, 'POST', `/api/public/chat/${queue.token}`, { session: queue.session, content: 'for anyone' })).status).toBe(200);

      const about = (events: typeof anaStream.received, id: string) => events.filter((e) => (e.data as { escalation_id?: string }).escalation_id === id);
      await waitFor(() =>
        expect(about(anaStream.received, queue.id).some((e) => e.event === 'message' && (e.data as { content: string }).content === 'for anyone')).toBe(true),
      );
      await waitFor(() => expect(about(ownerStream.received, queue.id).some((e) => e.event === 'message')).toBe(true));
      expect(about(anaStream.received, b.id)).toEqual([]);
      expect(JSON.stringify(anaStream.received)).not.toContain('secret for team B');
      // The owner's stream has all of B's: the escalation, the message (with its team) and the typing.
      expect(about(ownerStream.received, b.id).map((e) => e.event)).toEqual(expect.arrayContaining(['escalation', 'message', 'status']));
      expect(about(ownerStream.received, b.id).find((e) => e.event === 'message')?.data).toMatchObject({
        content: 'secret for team B',
        team_id: teamB,
        operator_member_id: null,
      });

      // Ana takes the queue's conversation and hands it to team B: her stream tells her once where it went, then nothing more of it.
      expect((await ana.call('POST', `/api/inbox/${queue.id}/claim`)).status).toBe(200);
      expect((await ana.call('POST', `/api/inbox/${queue.id}/transfer`, { to_team: teamB })).status).toBe(200);
      await waitFor(() =>
        expect(
          about(anaStream.received, queue.id)
            .filter((e) => e.event === 'escalation')
            .at(-1)?.data,
        ).toMatchObject({ state: 'waiting', team: { id: teamB } }),
      );
      expect((await visitor(h, 'POST', `/api/public/chat/${queue.token}`, { session: queue.session, content: 'now for team B' })).status).toBe(200);
      await waitFor(() => expect(about(ownerStream.received, queue.id).some((e) => (e.data as { content?: string }).content === 'now for team B')).toBe(true));
      expect(JSON.stringify(anaStream.received)).not.toContain('now for team B');
      expectError(await ana.call('GET', `/api/conversations/${queue.conversationId}`), 404, 'not_found');
    } finally {
      anaStream.source.close();
      ownerStream.source.close();
    }
  });
});
