import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { deviceOf, identityLink, signedUser } from '../../../test/identity-fixtures.js';
import { type SignedInMember, shortcutsOf, signedInMember } from './canned-replies.test-kit.js';

/** Canned replies (docs/escalation.md, "Canned replies"): the tenant's shared ones and each member's own. */
describe('canned replies', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;
  let editor: SignedInMember;
  let operator: SignedInMember;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ tenantId, key: owner } = await h.seedTenant('canned'));
    editor = await signedInMember(h, tenantId, owner, 'Edda', 'editor');
    operator = await signedInMember(h, tenantId, owner, 'Olli', 'operator');
  });
  afterAll(async () => h?.stop());

  it('creates shared replies and a member’s own, lists them by shortcut, changes and deletes them', async () => {
    const thanks = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: ' thanks ', content: '  Thank you, {{visitor_name}}! Anything else?  ' });
    expect(thanks.status, thanks.text).toBe(201);
    expect(thanks.body).toEqual({
      id: expect.stringMatching(/^cr_[A-Za-z0-9_-]{16}$/),
      shortcut: 'thanks',
      content: 'Thank you, {{visitor_name}}! Anything else?',
      personal: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const hours = await editor.call('POST', '/api/canned-replies', { shortcut: 'Hours', content: 'We are open 9 to 5.' });
    expect(hours.status, hours.text).toBe(201);
    // An operator writes their own; the same shortcut as a shared one is theirs to have.
    const own = await operator.call('POST', '/api/canned-replies', {
      shortcut: 'thanks',
      content: 'Cheers, {{visitor_name}} – {{operator_name}}',
      personal: true,
    });
    expect(own.status, own.text).toBe(201);
    expect(own.body.personal).toBe(true);
    const bye = await operator.call('POST', '/api/canned-replies', { shortcut: 'bye', content: 'Goodbye!', personal: true });
    expect(bye.status).toBe(201);

    // Sorted by shortcut whatever its case; a member's own before a shared one of the same shortcut.
    expect(shortcutsOf(await operator.call('GET', '/api/canned-replies'))).toEqual(['bye (own)', 'Hours', 'thanks (own)', 'thanks']);
    // Others see the shared ones only: a key is nobody, another member has none of their own.
    expect(shortcutsOf(await h.withKey(owner, 'GET', '/api/canned-replies'))).toEqual(['Hours', 'thanks']);
    expect(shortcutsOf(await editor.call('GET', '/api/canned-replies'))).toEqual(['Hours', 'thanks']);
    expect(shortcutsOf(await h.admin('GET', '/api/canned-replies', undefined, tenantId))).toEqual(['Hours', 'thanks']);

    const changed = await editor.call('PUT', `/api/canned-replies/${hours.body.id}`, { content: 'We are open 9 to 6.' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ id: hours.body.id, shortcut: 'Hours', content: 'We are open 9 to 6.', personal: false });
    expect(Date.parse(changed.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(hours.body.updated_at));
    const renamed = await operator.call('PUT', `/api/canned-replies/${bye.body.id}`, { shortcut: 'goodbye' });
    expect(renamed.body).toMatchObject({ shortcut: 'goodbye', content: 'Goodbye!', personal: true });
    // Nothing to change: the reply as it is.
    expect((await operator.call('PUT', `/api/canned-replies/${bye.body.id}`, {})).body).toMatchObject({ shortcut: 'goodbye' });

    expect((await operator.call('DELETE', `/api/canned-replies/${bye.body.id}`)).status).toBe(204);
    expect((await editor.call('DELETE', `/api/canned-replies/${hours.body.id}`)).status).toBe(204);
    expect((await editor.call('DELETE', `/api/canned-replies/${hours.body.id}`)).status).toBe(404);
    expect(shortcutsOf(await operator.call('GET', '/api/canned-replies'))).toEqual(['thanks (own)', 'thanks']);
  });

  it('records changes of shared replies in the audit log with who made them, never what they say; a member’s own are not recorded', async () => {
    const made = await editor.call('POST', '/api/canned-replies', { shortcut: 'refund', content: 'Your refund of {{amount}} is on its way.' });
    await editor.call('PUT', `/api/canned-replies/${made.body.id}`, { shortcut: 'refunds', content: 'Refund sent.' });
    await editor.call('DELETE', `/api/canned-replies/${made.body.id}`);
    const own = await operator.call('POST', '/api/canned-replies', { shortcut: 'mine', content: 'A note of my own', personal: true });
    await operator.call('PUT', `/api/canned-replies/${own.body.id}`, { content: 'Still mine' });

    let entries: any[] = [];
    await waitFor(async () => {
      entries = (await h.withKey(owner, 'GET', `/api/audit?target=${made.body.id}`)).body.entries;
      return entries.length >= 3;
    });
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['canned_reply.delete', { shortcut: 'refunds' }],
      ['canned_reply.update', { shortcut: 'refunds', changed: ['shortcut', 'content'] }],
      ['canned_reply.create', { shortcut: 'refund' }],
    ]);
    expect(entries[2]).toMatchObject({
      tenant_id: tenantId,
      target: { kind: 'canned_reply', id: made.body.id },
      actor: { kind: 'member', id: editor.memberId, name: 'Edda' },
    });
    expect(JSON.stringify(entries)).not.toContain('on its way');
    const all = (await h.withKey(owner, 'GET', '/api/audit?action=canned_reply.create')).body.entries as Array<{ target: { id: string } }>;
    expect(all.map((entry) => entry.target.id)).not.toContain(own.body.id);
    expect((await h.withKey(owner, 'GET', `/api/audit?target=${own.body.id}`)).body.entries).toEqual([]);
  });

  it('names the visitor in the conversation view, which canned replies are filled from: a signed identity’s name and email, nulls for an anonymous one', async () => {
    const link = await identityLink(h, { variables: { order_id: 'BK-1' } });
    const signed = await deviceOf(h, link.token, signedUser(link.secret, 'user-7', { name: 'Ada Lovelace', email: 'ada@example.com' }));
    const view = await h.admin('GET', `/api/conversations/${signed.conversationId}`, undefined, link.tenantId);
    expect(view.status, view.text).toBe(200);
    expect(view.body.visitor).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(view.body.collected_data).toMatchObject({ order_id: 'BK-1' });

    const anonymous = await h.inject({
      method: 'POST',
      url: `/api/public/sessions/${link.token}`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(anonymous.status, anonymous.text).toBe(201);
    const plain = await h.admin('GET', `/api/conversations/${anonymous.body.conversation_id}`, undefined, link.tenantId);
    expect(plain.body.visitor).toEqual({ name: null, email: null });
  });

  it('removes a member’s own replies with the member', async () => {
    const leaving = await signedInMember(h, tenantId, owner, 'Lea', 'operator');
    const own = await leaving.call('POST', '/api/canned-replies', { shortcut: 'leaving', content: 'See you', personal: true });
    expect(own.status).toBe(201);
    expect((await h.withKey(owner, 'DELETE', `/api/members/${leaving.memberId}`)).status).toBe(204);
    const left = await h.ctx.db.selectFrom('canned_replies').select('id').where('member_id', '=', leaving.memberId).execute();
    expect(left).toEqual([]);
  });
});
