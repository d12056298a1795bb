import { MAX_PERSONAL_CANNED_REPLIES, MAX_SHARED_CANNED_REPLIES } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { type SignedInMember, shortcutsOf, signedInMember } from './canned-replies.test-kit.js';

/** Canned replies: bad input is 400 naming the field, a taken shortcut or a full list 409, an unknown reply 404 – never a 5xx. */
describe('canned replies: refusals', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;
  let member: SignedInMember;

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 100_000 });
    ({ tenantId, key: owner } = await h.seedTenant('canned-errors'));
    member = await signedInMember(h, tenantId, owner, 'Mia', 'operator');
  });
  afterAll(async () => h?.stop());

  it('refuses bad shortcuts and contents with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ shortcut: '', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: '   ', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: '/thanks', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 'two words', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 'größe', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 'x'.repeat(33), content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 7, content: 'Hi' }, 'body.shortcut'],
      [{ content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 'hi', content: '' }, 'body.content'],
      [{ shortcut: 'hi', content: ' \n\t ' }, 'body.content'],
      [{ shortcut: 'hi', content: 'x'.repeat(4_001) }, 'body.content'],
      [{ shortcut: 'hi' }, 'body.content'],
      [{ shortcut: 'hi', content: 'Hi', personal: 'yes' }, 'body.personal'],
      [{ shortcut: 'hi', content: 'Hi', team: 'support' }, 'team'],
      // NUL and lone surrogates, in every field.
      [{ shortcut: 'h\u0000i', content: 'Hi' }, 'body.shortcut'],
      [{ shortcut: 'hi', content: 'H\u0000i' }, 'body.content'],
      [{ shortcut: 'hi', content: 'broken \ud800 half' }, 'body.content'],
      [{ shortcut: 'hi', content: '\udc00 alone' }, 'body.content'],
      [{ shortcut: '\ud83d', content: 'Hi' }, 'body.shortcut'],
    ];
    for (const [body, field] of cases) {
      const answer = await h.withKey(owner, 'POST', '/api/canned-replies', body);
      expectError(answer, 400, 'invalid');
      expect(JSON.stringify(answer.body.error.details), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    // The longest allowed are taken.
    const longest = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'x'.repeat(32), content: '🙂'.repeat(2_000) });
    expect(longest.status, longest.text).toBe(201);

    const made = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'edit-me', content: 'Hi' });
    for (const body of [
      { shortcut: 'no good' },
      { content: '' },
      { content: 'x'.repeat(4_001) },
      { content: 'a\u0000b' },
      { personal: true },
      { shortcut: 'ok', extra: 1 },
    ]) {
      expectError(await h.withKey(owner, 'PUT', `/api/canned-replies/${made.body.id}`, body), 400, 'invalid');
    }
    // Malformed JSON, and a path with a NUL or a lone surrogate.
    const malformed = await h.inject({
      method: 'POST',
      url: '/api/canned-replies',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      payload: '{"shortcut":',
    });
    expectError(malformed, 400, 'invalid');
    for (const id of ['%00', 'cr_%00', '%ED%A0%80']) {
      const answer = await h.withKey(owner, 'PUT', `/api/canned-replies/${id}`, { content: 'Hi' });
      expect([400, 404], answer.text).toContain(answer.status);
      expect(answer.body.error.code).toMatch(/^(invalid|not_found)$/);
    }
    // Nothing refused was stored.
    expect(shortcutsOf(await h.withKey(owner, 'GET', '/api/canned-replies'))).toEqual(['edit-me', 'x'.repeat(32)]);
  });

  it('refuses a personal reply from a key, which is nobody, with a message saying so', async () => {
    const answer = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'mine', content: 'Hi', personal: true });
    expectError(answer, 400, 'invalid', /personal canned reply belongs to a member/);
    expect(answer.body.error.details).toEqual([{ path: 'body.personal', message: expect.any(String) }]);
    expectError(await h.admin('POST', '/api/canned-replies', { shortcut: 'mine', content: 'Hi', personal: true }, tenantId), 400, 'invalid');
  });

  it('refuses a shortcut its owner has already, whatever its case; the same among another owner’s is fine', async () => {
    const first = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'Welcome', content: 'Welcome!' });
    expect(first.status).toBe(201);
    const again = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'welcome', content: 'Hello!' });
    expectError(again, 409, 'conflict', /\/welcome is taken/);
    expect(again.body.error.details).toEqual([{ path: 'body.shortcut', message: 'taken' }]);
    // A member's own may share it with a shared one, but not with another of their own.
    expect((await member.call('POST', '/api/canned-replies', { shortcut: 'welcome', content: 'Hey there', personal: true })).status).toBe(201);
    expectError(await member.call('POST', '/api/canned-replies', { shortcut: 'WELCOME', content: 'Hey', personal: true }), 409, 'conflict');
    // Renaming into a taken shortcut.
    const other = await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut: 'other', content: 'Other' });
    expectError(await h.withKey(owner, 'PUT', `/api/canned-replies/${other.body.id}`, { shortcut: 'WELCOME' }), 409, 'conflict');
    // Renaming to itself in another case is no conflict.
    const recased = await h.withKey(owner, 'PUT', `/api/canned-replies/${other.body.id}`, { shortcut: 'Other' });
    expect(recased.status, recased.text).toBe(200);
    expect(recased.body.shortcut).toBe('Other');
  });

  it('answers 404 for a reply that does not exist', async () => {
    for (const id of ['cr_AAAAAAAAAAAAAAAA', 'nothing', '00000000-0000-4000-8000-000000000000']) {
      expectError(await h.withKey(owner, 'PUT', `/api/canned-replies/${id}`, { content: 'Hi' }), 404, 'not_found');
      expectError(await h.withKey(owner, 'DELETE', `/api/canned-replies/${id}`), 404, 'not_found');
      expectError(await member.call('PUT', `/api/canned-replies/${id}`, { content: 'Hi' }), 404, 'not_found');
    }
    expectError(await h.withKey(owner, 'PUT', `/api/canned-replies/${'x'.repeat(101)}`, { content: 'Hi' }), 400, 'invalid');
  });

  it(`holds a tenant to ${MAX_SHARED_CANNED_REPLIES} shared replies and a member to ${MAX_PERSONAL_CANNED_REPLIES} of their own (409 with the limit)`, async () => {
    const { tenantId: full, key } = await h.seedTenant('canned-full');
    const filler = await signedInMember(h, full, key, 'Fil', 'operator');
    const rows = (count: number, memberId: string | null, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({
        id: `cr_${prefix}${String(i).padStart(14, '0')}`,
        tenant_id: full,
        member_id: memberId,
        shortcut: `${prefix}${i}`,
        content: 'Filled',
      }));
    await h.ctx.db
      .insertInto('canned_replies')
      .values(rows(MAX_SHARED_CANNED_REPLIES - 1, null, 's'))
      .execute();
    await h.ctx.db
      .insertInto('canned_replies')
      .values(rows(MAX_PERSONAL_CANNED_REPLIES - 1, filler.memberId, 'p'))
      .execute();

    expect((await h.withKey(key, 'POST', '/api/canned-replies', { shortcut: 'last', content: 'The last one' })).status).toBe(201);
    const over = await h.withKey(key, 'POST', '/api/canned-replies', { shortcut: 'one-more', content: 'Too many' });
    expectError(over, 409, 'conflict', /at most 500 shared/);
    expect(over.body.error.details).toEqual({ reason: 'too_many_canned_replies', max: MAX_SHARED_CANNED_REPLIES });

    expect((await filler.call('POST', '/api/canned-replies', { shortcut: 'last', content: 'Mine', personal: true })).status).toBe(201);
    const overOwn = await filler.call('POST', '/api/canned-replies', { shortcut: 'one-more', content: 'Too many', personal: true });
    expectError(overOwn, 409, 'conflict', /at most 100 personal/);
    expect(overOwn.body.error.details).toEqual({ reason: 'too_many_canned_replies', max: MAX_PERSONAL_CANNED_REPLIES });

    // Creations at once cannot pass the count together: one more is taken after a deletion, not two.
    const [first] = (await filler.call('GET', '/api/canned-replies')).body.canned_replies.filter((r: { personal: boolean }) => r.personal);
    expect((await filler.call('DELETE', `/api/canned-replies/${first.id}`)).status).toBe(204);
    const racing = await Promise.all(
      ['r1', 'r2', 'r3'].map((shortcut) => filler.call('POST', '/api/canned-replies', { shortcut, content: 'Race', personal: true })),
    );
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(shortcutsOf(await filler.call('GET', '/api/canned-replies')).filter((s) => s.endsWith('(own)'))).toHaveLength(MAX_PERSONAL_CANNED_REPLIES);
  });
});
