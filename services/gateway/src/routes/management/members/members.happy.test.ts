import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { deskAgent, seedAgentLink, visitor } from '../escalations/escalation.test-kit.js';
import { sessionFor, withSession } from './members.test-kit.js';

/** Members (docs/management-api.md, "Members"): the people of a tenant, and what their console sessions may do. */
describe('members', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ tenantId, key: owner } = await h.seedTenant('members'));
  });
  afterAll(async () => h?.stop());

  /** The audit log's entries for a query, once there are `count` (appended from events, a moment later). */
  const audit = async (query: string, count: number) => {
    let entries: any[] = [];
    await waitFor(async () => {
      entries = (await h.withKey(owner, 'GET', `/api/audit?${query}`)).body.entries;
      return entries.length >= count;
    });
    return entries;
  };

  it('adds a member with a normalised email, lists, renames, changes the role and removes them', async () => {
    const created = await h.withKey(owner, 'POST', '/api/members', { email: '  Ada.Lovelace@Example.COM ', name: 'Ada', role: 'editor' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      member_id: expect.stringMatching(/^mem_/),
      email: 'ada.lovelace@example.com',
      name: 'Ada',
      role: 'editor',
      created_at: expect.any(String),
    });
    const id = created.body.member_id as string;

    const listed = await h.withKey(owner, 'GET', '/api/members');
    expect(listed.status).toBe(200);
    expect(listed.body.members).toEqual([created.body]);

    const renamed = await h.withKey(owner, 'PUT', `/api/members/${id}`, { name: 'Ada L.' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ member_id: id, name: 'Ada L.', role: 'editor' });
    const demoted = await h.withKey(owner, 'PUT', `/api/members/${id}`, { role: 'viewer' });
    expect(demoted.body).toMatchObject({ name: 'Ada L.', role: 'viewer' });

    expect((await h.withKey(owner, 'DELETE', `/api/members/${id}`)).status).toBe(204);
    expect((await h.withKey(owner, 'GET', '/api/members')).body.members).toEqual([]);
    expect((await h.withKey(owner, 'DELETE', `/api/members/${id}`)).status).toBe(404);

    // The audit log names what changed, and never the member's email.
    const entries = await audit(`target=${id}`, 4);
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['member.delete', 'member.update', 'member.update', 'member.create']);
    expect(JSON.stringify(entries)).not.toContain('ada.lovelace');
    expect(entries[3].actor).toMatchObject({ kind: 'key', id: expect.stringMatching(/^key_/), key_id: expect.stringMatching(/^key_/) });
  });

  it('lets a signed-in member see who they are and act within their role; the audit log names them', async () => {
    const made = await h.withKey(owner, 'POST', '/api/members', { email: 'grace@example.com', name: 'Grace', role: 'editor' });
    const cookie = await sessionFor(h, { tenantId, memberId: made.body.member_id, email: 'grace@example.com' });

    const me = await withSession(h, cookie, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      actor: { kind: 'member', id: made.body.member_id, name: 'Grace' },
      role: 'editor',
      tenant_id: tenantId,
      email: 'grace@example.com',
      csrf_token: expect.any(String),
    });
    const csrf = me.body.csrf_token as string;
    expect((await withSession(h, cookie, 'GET', '/api/agents')).status).toBe(200);
    const agent = await withSession(h, cookie, 'POST', '/api/agents', {
      body: { name: 'by-grace', config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', type: 'end', static_text: 'Hi' }] } } },
      csrf,
    });
    expect(agent.status, agent.text).toBe(201);
    // Beyond an editor's role: the keys are an owner's.
    const keys = await withSession(h, cookie, 'GET', '/api/keys');
    expect(keys.status).toBe(403);
    expect(keys.body.error.details).toEqual({ required_role: 'owner', role: 'editor' });

    const entries = await audit(`actor=${made.body.member_id}`, 1);
    expect(entries[0]).toMatchObject({ action: 'agent.create', actor: { kind: 'member', id: made.body.member_id, key_id: null, name: 'Grace' } });

    // A bearer key always wins over the cookie.
    const both = await withSession(h, cookie, 'GET', '/api/me', { headers: { authorization: `Bearer ${owner}` } });
    expect(both.body.actor.kind).toBe('key');
  });

  it('lets an operator member into the inbox and refuses them editor routes', async () => {
    const made = await h.withKey(owner, 'POST', '/api/members', { email: 'otto@example.com', name: 'Otto', role: 'operator' });
    const cookie = await sessionFor(h, { tenantId, memberId: made.body.member_id, email: 'otto@example.com' });
    const csrf = (await withSession(h, cookie, 'GET', '/api/me')).body.csrf_token as string;
    expect((await withSession(h, cookie, 'GET', '/api/inbox')).status).toBe(200);
    const refused = await withSession(h, cookie, 'POST', '/api/agents', { body: { name: 'nope', config: {} }, csrf });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual({ required_role: 'editor', role: 'operator' });
  });

  it('answers a visitor in the inbox under the member’s name, claimed by that member alone', async () => {
    const { token } = await seedAgentLink(h, tenantId, 'desk', deskAgent);
    const made = await h.withKey(owner, 'POST', '/api/members', { email: 'ines@example.com', name: 'Ines', role: 'operator' });
    const cookie = await sessionFor(h, { tenantId, memberId: made.body.member_id, email: 'ines@example.com' });
    const csrf = (await withSession(h, cookie, 'GET', '/api/me')).body.csrf_token as string;

    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    const session = first.body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'a person please' });
    expect(asked.status, asked.text).toBe(201);
    const escalationId = asked.body.escalation.id as string;

    const claimed = await withSession(h, cookie, 'POST', `/api/inbox/${escalationId}/claim`, { csrf });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.item).toMatchObject({ state: 'claimed', operator: { name: 'Ines' } });
    // Another operator (a key) cannot write in a conversation the member holds.
    const other = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Other desk', role: 'operator' })).body.key as string;
    expect((await h.withKey(other, 'POST', `/api/inbox/${escalationId}/messages`, { content: 'me too' })).status).toBe(409);

    const answered = await withSession(h, cookie, 'POST', `/api/inbox/${escalationId}/messages`, { body: { content: 'Hi, Ines here.' }, csrf });
    expect(answered.status, answered.text).toBe(201);
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(history.body.messages.at(-1)).toMatchObject({ role: 'operator', content: 'Hi, Ines here.', operator_name: 'Ines' });
  });
});
