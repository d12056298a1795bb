import { sha256Hex } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterAgent } from './fixtures.js';
import { refusal, seedLink } from './public-links-fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('public sessions refuse', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    // Two replicas: concurrent requests land on both, as they would in production.
    h = await startSessionsHarness({ replicas: 2 });
  });
  afterAll(async () => h?.stop());

  it('starts beyond max_sessions, also when 20 visitors start at once: exactly 5 of them start', async () => {
    const link = await seedLink(h, counterAgent, { max_sessions: 5 });
    const access = await link.access();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => h.client.request('sessions.public-send', { link: access, content: `number ${i}` })),
    );
    const started = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(started).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const reason of refused) expect(reason).toMatchObject({ code: 'quota_exceeded', details: { quota: 'sessions' } });
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM text_conversations WHERE link_id = ${link.linkId}`.execute(h.ctx.db);
    expect(rows[0]?.count).toBe(5);
    // A fresh start ("new conversation") counts against the same limit.
    const credentialHash = sha256Hex((started[0] as PromiseFulfilledResult<{ session: string }>).value.session);
    expect(await refusal(h.client.request('sessions.public-send', { link: access, content: 'again', credentialHash, fresh: true }))).toMatchObject({
      code: 'quota_exceeded',
      details: { quota: 'sessions' },
    });
  });

  it('the 5th message on a limit of 4, also when several are sent at once', async () => {
    const link = await seedLink(h, counterAgent, { max_messages_per_session: 4 });
    const access = await link.access();
    const first = await h.client.request('sessions.public-send', { link: access, content: 'number 1' });
    const credentialHash = sha256Hex(first.session!);
    for (const n of [2, 3]) await h.client.request('sessions.public-send', { link: access, content: `number ${n}`, credentialHash });

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => h.client.request('sessions.public-send', { link: access, content: `number ${10 + i}`, credentialHash })),
    );
    const sent = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.remaining_messages).toBe(0);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'quota_exceeded', details: { quota: 'messages' } });

    expect(await refusal(h.client.request('sessions.public-send', { link: access, content: 'one more', credentialHash }))).toMatchObject({
      code: 'quota_exceeded',
      details: { quota: 'messages' },
    });
    const history = await h.client.request('sessions.public-history', { linkId: link.linkId, credentialHash });
    expect(history.messages.filter((m) => m.role === 'user')).toHaveLength(4);
  });

  it('a session idle past the link timeout: it ends as abandoned and answers gone from then on', async () => {
    const link = await seedLink(h, counterAgent, { session_timeout_minutes: 5 });
    const access = await link.access();
    const first = await h.client.request('sessions.public-send', { link: access, content: 'number 1' });
    const credentialHash = sha256Hex(first.session!);
    await h.ctx.db.updateTable('text_conversations').set({ updated_at: sql`now() - interval '6 minutes'` }).where('id', '=', first.conversation_id).execute();
    expect(await refusal(h.client.request('sessions.public-send', { link: access, content: 'late', credentialHash }))).toMatchObject({
      code: 'gone',
      details: { reason: 'timeout' },
    });
    expect(await refusal(h.client.request('sessions.public-send', { link: access, content: 'later', credentialHash }))).toMatchObject({ code: 'gone' });
    const history = await h.client.request('sessions.public-history', { linkId: link.linkId, credentialHash });
    expect(history.status).toBe('abandoned');
    expect(history.messages.map((m) => m.content)).not.toContain('late');
  });

  it("a credential of another link, or none the service gave: unauthorized, and the other link's session is untouched", async () => {
    const mine = await seedLink(h, counterAgent);
    const other = await seedLink(h, counterAgent);
    const first = await h.client.request('sessions.public-send', { link: await mine.access(), content: 'number 1' });
    const credentialHash = sha256Hex(first.session!);
    const wrongLink = await refusal(h.client.request('sessions.public-send', { link: await other.access(), content: 'number 2', credentialHash }));
    expect(wrongLink).toMatchObject({ code: 'unauthorized', details: { reason: 'unknown_session' } });
    expect(await refusal(h.client.request('sessions.public-history', { linkId: other.linkId, credentialHash }))).toMatchObject({
      code: 'unauthorized',
      details: { reason: 'unknown_session' },
    });
    expect(
      await refusal(h.client.request('sessions.public-send', { link: await mine.access(), content: 'x', credentialHash: sha256Hex('pcs_nobody') })),
    ).toMatchObject({
      code: 'unauthorized',
    });
    const history = await h.client.request('sessions.public-history', { linkId: mine.linkId, credentialHash });
    expect(history.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['number 1']);
  });

  it('a start without a verified email on a link that requires one', async () => {
    const link = await seedLink(h, counterAgent, { require_email_verification: true });
    expect(await refusal(h.client.request('sessions.public-send', { link: await link.access(), content: 'hi' }))).toMatchObject({
      code: 'forbidden',
      details: { reason: 'verification_required' },
    });
    const access = await link.access();
    // Every way a conversation starts: a session without a message, and a fresh start carrying a credential that carries no email.
    expect(await refusal(h.client.request('sessions.public-start', { link: access }))).toMatchObject({ details: { reason: 'verification_required' } });
    expect(
      await refusal(h.client.request('sessions.public-send', { link: access, content: 'hi', credentialHash: sha256Hex('pcs_nobody'), fresh: true })),
    ).toMatchObject({ details: { reason: 'verification_required' } });
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM text_conversations WHERE link_id = ${link.linkId}`.execute(h.ctx.db);
    expect(rows[0]?.count).toBe(0);
    // A verified email starts one, and a new conversation from it carries the email over.
    const started = await h.client.request('sessions.public-start', { link: access, email: 'ada@example.com' });
    const fresh = await h.client.request('sessions.public-send', { link: access, content: 'again', credentialHash: sha256Hex(started.session), fresh: true });
    expect(fresh.session).toMatch(/^pcs_/);
  });

  it('a start without a signed-in user on a link that requires one', async () => {
    const link = await seedLink(h, counterAgent, { require_identity: true });
    const access = await link.access();
    const attempts = [
      () => h.client.request('sessions.public-send', { link: access, content: 'hi' }),
      () => h.client.request('sessions.public-start', { link: access }),
      () => h.client.request('sessions.public-start', { link: access, email: 'ada@example.com' }),
    ];
    for (const attempt of attempts) {
      expect(await refusal(attempt())).toMatchObject({ code: 'unauthorized', details: { reason: 'identity_required' } });
    }
  });
});
