import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { identityLink, signedUser } from '../../../../test/identity-fixtures.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';

describe('signed visitor identity: refusals', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('a secret for a link that does not exist (unknown id, another agent, deleted): 404; without a key: 401', async () => {
    const link = await createLink(h);
    const other = await createLink(h);
    for (const [agent, id] of [
      [link.agent, 'lnk_AAAAAAAAAAAAAAAA'],
      [link.agent, 'not-a-link'],
      [link.agent, other.id],
      ['no-such-agent', link.id],
    ]) {
      expectError(await h.admin('POST', `/api/agents/${agent}/public-links/${id}/identity-secret`, undefined, link.tenantId), 404, 'not_found');
    }
    await h.admin('DELETE', `/api/agents/${link.agent}/public-links/${link.id}`, undefined, link.tenantId);
    expectError(await h.admin('POST', `/api/agents/${link.agent}/public-links/${link.id}/identity-secret`, undefined, link.tenantId), 404, 'not_found');
    expectError(await h.inject({ method: 'POST', url: `/api/agents/${other.agent}/public-links/${other.id}/identity-secret` }), 401, 'unauthorized');
  });

  it('a malformed `user` is 400 naming the field, before anything starts', async () => {
    const link = await identityLink(h);
    const good = signedUser(link.secret, 'u-1');
    for (const [user, field] of [
      [{ ...good, user_id: '' }, 'user.user_id'],
      [{ user_id: 'u-1' }, 'user.user_hash'],
      [{ ...good, user_id: 'x'.repeat(256) }, 'user.user_id'],
      [{ ...good, role: 'admin' }, 'user'],
      [{ ...good, name: 7 }, 'user.name'],
    ] as const) {
      const refused = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user }));
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain(field.split('.').at(-1));
    }
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).execute()).toEqual([]);
  });

  it('a link with require_identity and no user: 401 identity_required on every way a session starts', async () => {
    const link = await identityLink(h, { require_identity: true });
    for (const request of [
      visitorPost(`/api/public/chat/${link.token}`, { content: 'hi' }),
      visitorPost(`/api/public/chat/${link.token}/new`, { content: 'hi' }),
      visitorPost(`/api/public/sessions/${link.token}`, {}),
    ]) {
      const refused = await h.inject(request);
      expectError(refused, 401, 'unauthorized', /signed-in users/);
      expect(refused.body.error.details).toEqual({ reason: 'identity_required' });
    }
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).execute()).toEqual([]);
  });

  it('`user` is either {user_id, user_hash, …} or {token} alone: a mix, an empty or oversized token is 400 naming the field', async () => {
    const link = await identityLink(h);
    const good = signedUser(link.secret, 'u-2');
    for (const [user, field] of [
      [{ token: '' }, 'token'],
      [{ token: 'x'.repeat(4097) }, 'token'],
      [{ ...good, token: 'a.b.c' }, 'token'],
      [{ token: 'a.b.c', name: 'Ada' }, 'name'],
      [{}, 'user_id'],
    ] as const) {
      const refused = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user }));
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain(field);
    }
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).execute()).toEqual([]);
  });
});
