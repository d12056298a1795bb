import { randomToken, sha256Hex } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../test/public-link-fixtures.js';

describe('public chat sessions are bound to their link', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { mailer: { sendCode: async () => {} } });
  });
  afterAll(async () => h?.stop());

  it('a credential from one link is refused on another, and reveals nothing of its conversation', async () => {
    const mine = await createLink(h);
    const other = await createLink(h);
    const started = await h.inject(visitorPost(`/api/public/chat/${mine.token}`, { content: 'private words' }));
    expect(started.status).toBe(200);

    const onOther = await h.inject(visitorPost(`/api/public/chat/${other.token}`, { content: 'hi', session: started.body.session }));
    expectError(onOther, 401, 'unauthorized');
    expect(onOther.body.error.details).toEqual({ reason: 'unknown_session' });
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${other.token}?session=${started.body.session}` });
    expectError(history, 401, 'unauthorized');
    expect(history.text).not.toContain('private words');
  });

  it("an Idempotency-Key is the session's own: another visitor sending the same key runs their own turn and never gets the first answer", async () => {
    const link = await createLink(h);
    const mine = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const theirs = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const send = (session: string) =>
      h.inject(
        visitorPost(`/api/public/chat/${link.token}`, { content: 'my order number is BK-1', session }, { headers: { 'idempotency-key': 'shared-key' } }),
      );
    const first = await send(mine.body.session);
    const other = await send(theirs.body.session);
    expect([first.status, other.status]).toEqual([200, 200]);
    expect(other.body.conversation_id).toBe(theirs.body.conversation_id);
    expect(other.body.message_id).not.toBe(first.body.message_id);
    expect(other.body.session).toBe(theirs.body.session);
  });

  it('credentials that were never handed out: 401', async () => {
    const link = await createLink(h);
    for (const session of [`pcs_${randomToken(24)}`, 'pcs_short', 'not-a-credential', '']) {
      const response = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', session }));
      expectError(response, 401, 'unauthorized');
    }
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).execute()).toEqual([]);
  });

  it('a link requiring email verification starts no session without it: 403 verification_required', async () => {
    const link = await createLink(h, { require_email_verification: true });
    for (const path of ['', '/new']) {
      const refused = await h.inject(visitorPost(`/api/public/chat/${link.token}${path}`, { content: 'hi' }));
      expectError(refused, 403, 'forbidden');
      expect(refused.body.error.details).toMatchObject({ reason: 'verification_required' });
    }
    const startWithout = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    expectError(startWithout, 403, 'forbidden');
    expect(startWithout.body.error.details).toMatchObject({ reason: 'verification_required' });
    // A session bound to a verified email (what confirming the code hands out) chats normally.
    const access = await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
    const verified = await h.bus.request('sessions.public-start', { link: access, email: 'ada@example.com' });
    const reply = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', session: verified.session }));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.conversation_id).toBe(verified.conversation_id);
    // Their new conversation stays bound to the email they verified.
    const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'again', session: verified.session }));
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.conversation_id).not.toBe(verified.conversation_id);
    const row = await h.ctx.db.selectFrom('text_conversations').select('visitor_email').where('id', '=', fresh.body.conversation_id).executeTakeFirstOrThrow();
    expect(row.visitor_email).toBe('ada@example.com');
  });
});
