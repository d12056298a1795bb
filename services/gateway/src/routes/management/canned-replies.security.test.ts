import type { Role } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../test/gateway-harness.js';
import { type SignedInMember, shortcutsOf, signedInMember } from './canned-replies.test-kit.js';
import { sessionFor, withSession } from './members/members.test-kit.js';

/** A refusal as a client sees it: everything but its request id. */
const refusal = (response: InjectResult) => ({
  status: response.status,
  code: response.body.error?.code,
  message: response.body.error?.message,
  details: response.body.error?.details,
});

/** Who reads and writes which canned replies: roles, a member's own replies, tenants apart. */
describe('canned replies: who may see and change what', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;
  const keys = {} as Record<Role, string>;
  let ana: SignedInMember;
  let ben: SignedInMember;
  let boss: SignedInMember;
  let shared: { id: string };
  let anasOwn: { id: string };

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 100_000 });
    ({ tenantId, key: owner } = await h.seedTenant('canned-security'));
    for (const role of ['owner', 'editor', 'operator', 'viewer'] as const) {
      keys[role] = (await h.withKey(owner, 'POST', '/api/keys', { name: `${role} desk`, role })).body.key;
    }
    ana = await signedInMember(h, tenantId, owner, 'Ana', 'operator');
    ben = await signedInMember(h, tenantId, owner, 'Ben', 'operator');
    boss = await signedInMember(h, tenantId, owner, 'Bo', 'owner');
    shared = (await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'thanks', content: 'Thank you!' })).body;
    anasOwn = (await ana.call('POST', '/api/canned-replies', { shortcut: 'secret', content: 'Ana’s own words', personal: true })).body;
  });
  afterAll(async () => h?.stop());

  it('lets every inbox role read them; a viewer is refused every route with the role it needs', async () => {
    for (const role of ['owner', 'editor', 'operator'] as const) {
      expect(shortcutsOf(await h.withKey(keys[role], 'GET', '/api/canned-replies')), role).toEqual(['thanks']);
    }
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/api/canned-replies', undefined],
      ['POST', '/api/canned-replies', { shortcut: 'v', content: 'v' }],
      ['PUT', `/api/canned-replies/${shared.id}`, { content: 'v' }],
      ['DELETE', `/api/canned-replies/${shared.id}`, undefined],
    ];
    for (const [method, url, body] of routes) {
      const answer = await h.withKey(keys.viewer, method, url, body);
      expectError(answer, 403, 'forbidden');
      expect(answer.body.error.details).toEqual({ required_role: 'operator', role: 'viewer' });
    }
  });

  it('leaves shared replies to editors and owners: an operator is refused with the role it needs, and nothing changes', async () => {
    const create = await h.withKey(keys.operator, 'POST', '/api/canned-replies', { shortcut: 'new', content: 'New' });
    expectError(create, 403, 'forbidden', /editors and owners/);
    expect(create.body.error.details).toEqual({ required_role: 'editor', role: 'operator' });
    for (const call of [
      () => ana.call('POST', '/api/canned-replies', { shortcut: 'new', content: 'New' }),
      () => ana.call('PUT', `/api/canned-replies/${shared.id}`, { content: 'Changed by an operator' }),
      () => ana.call('DELETE', `/api/canned-replies/${shared.id}`),
      () => h.withKey(keys.operator, 'PUT', `/api/canned-replies/${shared.id}`, { content: 'Changed by an operator' }),
      () => h.withKey(keys.operator, 'DELETE', `/api/canned-replies/${shared.id}`),
    ]) {
      const answer = await call();
      expectError(answer, 403, 'forbidden');
      expect(answer.body.error.details).toEqual({ required_role: 'editor', role: 'operator' });
    }
    const kept = (await h.withKey(owner, 'GET', '/api/canned-replies')).body.canned_replies;
    expect(kept).toEqual([expect.objectContaining({ id: shared.id, shortcut: 'thanks', content: 'Thank you!' })]);
    // An editor key may.
    const byEditor = await h.withKey(keys.editor, 'PUT', `/api/canned-replies/${shared.id}`, { content: 'Thank you!' });
    expect(byEditor.status, byEditor.text).toBe(200);
  });

  it('keeps a member’s own replies to that member: to anyone else, owners included, they do not exist', async () => {
    expect(shortcutsOf(await ana.call('GET', '/api/canned-replies'))).toEqual(['secret (own)', 'thanks']);
    for (const other of [ben, boss]) expect(shortcutsOf(await other.call('GET', '/api/canned-replies'))).toEqual(['thanks']);
    expect(shortcutsOf(await h.withKey(owner, 'GET', '/api/canned-replies'))).toEqual(['thanks']);
    expect(shortcutsOf(await h.admin('GET', '/api/canned-replies', undefined, tenantId))).toEqual(['thanks']);

    const nobodys = 'cr_AAAAAAAAAAAAAAAA';
    for (const call of [
      (id: string) => ben.call('PUT', `/api/canned-replies/${id}`, { content: 'Taken over' }),
      (id: string) => ben.call('DELETE', `/api/canned-replies/${id}`),
      (id: string) => boss.call('PUT', `/api/canned-replies/${id}`, { content: 'Taken over' }),
      (id: string) => boss.call('DELETE', `/api/canned-replies/${id}`),
      (id: string) => h.withKey(owner, 'PUT', `/api/canned-replies/${id}`, { content: 'Taken over' }),
      (id: string) => h.admin('DELETE', `/api/canned-replies/${id}`, undefined, tenantId),
    ]) {
      const others = await call(anasOwn.id);
      expectError(others, 404, 'not_found');
      expect(refusal(others)).toEqual(refusal(await call(nobodys)));
    }
    // Ben may have a `secret` of his own: shortcuts are per owner.
    expect((await ben.call('POST', '/api/canned-replies', { shortcut: 'secret', content: 'Ben’s', personal: true })).status).toBe(201);
    expect((await ana.call('GET', '/api/canned-replies')).body.canned_replies).toContainEqual(
      expect.objectContaining({ id: anasOwn.id, content: 'Ana’s own words' }),
    );
  });

  it('keeps tenants apart: another tenant’s reply is 404 as one that does not exist, and never listed', async () => {
    const { tenantId: otherTenant, key: other } = await h.seedTenant('canned-other');
    expect(shortcutsOf(await h.withKey(other, 'GET', '/api/canned-replies'))).toEqual([]);
    const nobodys = 'cr_AAAAAAAAAAAAAAAA';
    for (const id of [shared.id, anasOwn.id]) {
      for (const [method, body] of [
        ['PUT', { content: 'Across tenants' }],
        ['DELETE', undefined],
      ] as const) {
        const answer = await h.withKey(other, method, `/api/canned-replies/${id}`, body);
        expectError(answer, 404, 'not_found');
        expect(refusal(answer)).toEqual(refusal(await h.withKey(other, method, `/api/canned-replies/${nobodys}`, body)));
        expectError(await h.admin(method, `/api/canned-replies/${id}`, body, otherTenant), 404, 'not_found');
      }
    }
    // A tenant key cannot name another tenant with X-Tenant-Id either.
    expect(shortcutsOf(await h.withKey(other, 'GET', '/api/canned-replies', undefined, tenantId))).toEqual([]);
    // The same shortcut in another tenant is its own.
    expect((await h.withKey(other, 'POST', '/api/canned-replies', { shortcut: 'thanks', content: 'Merci' })).status).toBe(201);
    expect((await h.withKey(owner, 'GET', '/api/canned-replies')).body.canned_replies).toEqual([
      expect.objectContaining({ id: shared.id, content: 'Thank you!' }),
    ]);
  });

  it('refuses a member’s change without the console session’s CSRF token', async () => {
    const email = 'csrf-canned@example.com';
    const made = await h.withKey(owner, 'POST', '/api/members', { email, name: 'Cy', role: 'operator' });
    const cookie = await sessionFor(h, { tenantId, memberId: made.body.member_id, email });
    const answer = await withSession(h, cookie, 'POST', '/api/canned-replies', { body: { shortcut: 'csrf', content: 'No token', personal: true } });
    expect(answer.status).toBe(403);
    expect(shortcutsOf(await withSession(h, cookie, 'GET', '/api/canned-replies'))).toEqual(['thanks']);
  });
});
